#pragma once
// Writing the record where the host will fetch it: to a temporary file in the same directory,
// fsync, then rename over the target, so that a reader (or a sensor killed midway) never leaves
// a half-written record.

#include <string>

#include "record/record.h"

namespace minify::sensor {

// Throws std::runtime_error naming the file and the failing step.
void write_record_file(const std::string& path, const record::Record& record);

}  // namespace minify::sensor
