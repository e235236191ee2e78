#include "pipeline/temp_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace minify::pipeline {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "minify-build-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("cannot make a temporary directory: " +
                             std::string(std::strerror(errno)));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace minify::pipeline
