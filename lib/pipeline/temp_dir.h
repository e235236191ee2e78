#pragma once
// A private directory for a build's files (fetched tars, the layer), removed with the object,
// on every way out (errors and Ctrl-C included). Its name, minify-build-PID-START-XXXXXX, says
// which run made it (run_owner.h), so that a later run removes it once that run is dead.

#include <filesystem>
#include <optional>
#include <string_view>

#include "pipeline/run_owner.h"

namespace minify::pipeline {

// The run a build directory's name says made it (boot_id empty); nullopt for any other name.
std::optional<RunOwner> build_dir_owner(std::string_view name);

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
