#pragma once
// A whole file read or written at once, for test data and what a program wrote.

#include <filesystem>
#include <string>
#include <string_view>

namespace minify::test {

// Throws std::runtime_error naming the file when it cannot be read.
std::string read_file(const std::filesystem::path& path);
// Replaces the file; throws std::runtime_error naming it when it cannot be written.
void write_file(const std::filesystem::path& path, std::string_view content);

}  // namespace minify::test
