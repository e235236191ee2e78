#pragma once
// Test data of the lint tests (tests/unit/lint/testdata) and a shorthand for "which rules fire".

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "lint/linter.h"

namespace minify::lint::testing {

inline std::filesystem::path testdata(const std::string& relative) {
  return std::filesystem::path(MINIFY_SOURCE_DIR) / "tests/unit/lint/testdata" / relative;
}

inline std::optional<std::string> read_testdata(const std::string& relative) {
  std::ifstream in(testdata(relative), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::set<std::string> rule_ids(std::string_view dockerfile,
                                      std::optional<std::string_view> dockerignore = std::nullopt) {
  std::set<std::string> ids;
  for (const auto& f : lint_dockerfile(dockerfile, dockerignore).findings) ids.insert(f.rule_id);
  return ids;
}

}  // namespace minify::lint::testing
