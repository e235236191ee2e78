#pragma once
// Small reads from /proc without iostreams: the tracer calls these on hot paths.

#include <string>

namespace minify::sensor {

// The target of symlink `path` in `out`; false when it cannot be read.
bool read_link(const char* path, std::string& out);
// The whole content of a small file (a /proc entry) in `out`; false when it cannot be read.
bool read_small_file(const char* path, std::string& out);

}  // namespace minify::sensor
