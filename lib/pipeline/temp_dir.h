#pragma once
// A private directory for a build's files (fetched tars, the layer), removed with the object,
// on every way out (errors and Ctrl-C included).

#include <filesystem>

namespace minify::pipeline {

class TempDir {
 public:
  TempDir();  // under $TMPDIR or /tmp; throws std::runtime_error when it cannot be made
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace minify::pipeline
