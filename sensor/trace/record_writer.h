#pragma once
// Writing the record where the host will fetch it: to a temporary file in the same directory,
// fsync, then rename over the target, so that a reader (or a sensor killed midway) never leaves
// a half-written record.

#include <string>
#include <vector>

#include "record/record.h"

namespace minify::sensor {

// Throws std::runtime_error naming the file and the failing step.
void write_record_file(const std::string& path, const record::Record& record);

// The TCP ports the app listens on, one decimal a line in the order it opened them
// (protocol::listening_ports_path), written the same way.
void write_ports_file(const std::string& path, const std::vector<int>& ports);

// `text` to `path` through a temporary file and a rename; throws like write_record_file.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace minify::sensor
