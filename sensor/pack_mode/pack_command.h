#pragma once
// `sensor pack RECORD OUT.tar [options]`: runs in a fresh container of the image (one that never
// ran the app), closes the record's paths into the keep-set against the container's own root and
// writes a tar of exactly those files. Returns the process exit status.
//
// The command line is protocol/sensor_protocol.h's PackArgs:
//   sensor pack RECORD OUT.tar [--root DIR] [--include PATH_OR_GLOB]... [--include-bin PATH]...
//               [--include-exe NAME]... [--path-env VALUE] [--include-shell]
//               [--exclude GLOB]... [--summary FILE] [--await FILE]
//
// With --await, the walk of the whole image (the summary's totals and what was dropped) starts at
// once and the record is read once FILE exists: the host starts this container while the app
// still runs, and copies FILE in after the record.
//
// Exit status: 0 written; 1 an error (unreadable record, a rule that finds nothing, an I/O
// error), with one line on stderr and no OUT.tar left; 2 a usage error. On success one line on
// stderr: "sensor pack: kept F of N files (B of M bytes), E entries in OUT (closure .. ms, walk ..
// ms, tar .. ms)"; closure and tar count from the record's arrival, the walk from the start. The
// summary is protocol/pack_summary.h's PackSummary, timings and tar included.

#include <string>
#include <vector>

namespace minify::sensor {

// args: the sensor's command line without argv[0], starting with "pack".
int run_pack_command(const std::vector<std::string>& args);

}  // namespace minify::sensor
