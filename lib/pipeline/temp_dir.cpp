#include "pipeline/temp_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace minify::pipeline {
namespace {

constexpr std::string_view kPrefix = "minify-build-";

}  // namespace

std::optional<RunOwner> build_dir_owner(std::string_view name) {
  // minify-build-PID-START-XXXXXX: the same words as an owner label, '-' for '/', no boot.
  if (!name.starts_with(kPrefix)) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  auto last = name.rfind('-');
  if (last == std::string_view::npos) return std::nullopt;
  std::string label = "-/" + std::string(name.substr(0, last));
  auto dash = label.find('-', 2);
  if (dash == std::string::npos) return std::nullopt;
  label[dash] = '/';
  auto owner = RunOwner::parse(label);
  if (owner) owner->boot_id.clear();
  return owner;
}

TempDir::TempDir() {
  RunOwner self = RunOwner::self();
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(kPrefix) + std::to_string(self.pid) +
                                                 "-" + std::to_string(self.start) + "-XXXXXX"))
          .string();
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
