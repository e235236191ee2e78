#pragma once
// Writes a keep-set as a tar that is the slim image's layer, byte for byte: the host streams it
// into the engine unchanged (it checks it on the way, lib/pack/layer_check.h, but rewrites
// nothing), so what is decided about the layer's form is decided here.
//
// Contract. Names are relative to the root ("usr/bin/python3"), in path order (a directory
// before what it holds), each once; the root itself, the sensor's own directory and whiteouts are
// never in a keep-set. Every entry keeps the image's bytes, mode, numeric owner, mtime and
// extended attributes (file capabilities among them); symlinks stay symlinks; further names of a
// kept inode are hard links to its first name in path order, which holds the bytes. Files keep
// their mtimes because they are part of the files' behaviour: Python's .pyc caches are valid
// only while the source's mtime matches the one recorded in them. Directories get mtime 0: in the
// pack container theirs record when the container was made (the runtime's mount points in /etc
// and /dev, the sensor's own directory), not anything of the image, and no program depends on a
// directory's mtime. No atime, ctime, owner names or device of the file system. pax format
// (libarchive), with pax headers only where ustar cannot say it (long names, xattrs, large ids);
// names and link targets are written as their bytes, whatever the locale, UTF-8 or not
// (lib/byte_names/README.md). So the same image and record give the same bytes, hence the same
// diff_id and the same slim image id.

#include <string>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "protocol/pack_summary.h"

namespace minify::sensor {

// Every function returns the tar's entries, bytes of content and size, and throws
// std::runtime_error naming the entry or the file at fault.

// Writes to out_path through a temporary file renamed at the end, so a failure leaves nothing.
protocol::TarStats write_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep,
                                      const std::string& out_path);

// What write_keep_set_tar would write, without reading a file's content: the host is told the
// tar's size before it is streamed to it.
protocol::TarStats measure_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep);

// Writes the tar into `fd` (the host's pipe), the same bytes as write_keep_set_tar; throws when
// they differ from `measured` (a file that changed since), the pipe's reader then holding a tar
// it must refuse.
void stream_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep, int fd,
                         const protocol::TarStats& measured);

}  // namespace minify::sensor
