#pragma once
// Writes a keep-set as a tar: names relative to the root ("usr/bin/python3"), in path order,
// with the image's bytes, modes, owners, mtimes and extended attributes (file capabilities
// included), symlinks as symlinks and further names of a kept inode as hard links. pax format
// (libarchive), so long names and xattrs survive. Names and link targets are written as their
// bytes, whatever the locale, UTF-8 or not (lib/byte_names/README.md).

#include <string>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "protocol/pack_summary.h"

namespace minify::sensor {

// Writes to out_path through a temporary file renamed at the end, so a failure leaves nothing.
// Throws std::runtime_error naming the entry or the file at fault.
protocol::TarStats write_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep,
                                      const std::string& out_path);

}  // namespace minify::sensor
