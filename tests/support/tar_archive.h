#pragma once
// Tars made and read in memory (libarchive, pax), for images and the engine's archive API.

#include <string>
#include <string_view>
#include <vector>

namespace minify::test {

struct TarEntry {
  std::string path;
  std::string content;  // empty for a directory
  unsigned mode = 0644;
  bool directory = false;
};

// Regular files and directories, in order, owned by root, with a fixed mtime.
std::string make_tar(const std::vector<TarEntry>& entries);
// Throws std::runtime_error when `tar` is not one.
std::vector<TarEntry> read_tar(std::string_view tar);

}  // namespace minify::test
