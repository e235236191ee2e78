#include "support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace minify::test {

TempDir::TempDir() {
  std::string pattern = std::filesystem::temp_directory_path() / "minify-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot make a directory " + pattern + ": " + std::strerror(errno));
  path_ = std::filesystem::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::touch(const std::string& name) const {
  std::filesystem::create_directories((path_ / name).parent_path());
  std::ofstream(path_ / name).put('x');
}

}  // namespace minify::test
