// libarchive's table of writers (archive_write_set_format.o, which the pax writer pulls in)
// names every format, and the xar writer needs libxml2, whose static archive needs ICU: ~35 MB
// more in the static sensor. The sensor never writes xar, so this definition takes the xar
// writer's place in the link and neither libxml2 nor ICU is linked. It is compiled into each
// binary that links minify_sensor_pack_mode (an INTERFACE source), ahead of libarchive.a.

#include <archive.h>

extern "C" int archive_write_set_format_xar(struct archive* a) {
  archive_set_error(a, -1 /* libarchive's ARCHIVE_ERRNO_MISC */,
                    "the sensor does not write xar archives");
  return ARCHIVE_FATAL;
}
