#pragma once
// A fresh private directory for one test's files, removed with everything in it when the object
// goes, however the test ends. (lib/pipeline's TempDir is the production one; this one resolves
// symlinks, since the sensor reports canonical paths, and can make files.)

#include <filesystem>
#include <string>

namespace minify::test {

class TempDir {
 public:
  // Under $TMPDIR or /tmp; throws std::runtime_error when it cannot be made.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Creates a one-byte file at `name` (and its parent directories).
  void touch(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace minify::test
