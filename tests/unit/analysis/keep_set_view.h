#pragma once
// Keep-sets as lists of lines, so a test compares a whole keep-set at once.

#include <string>
#include <vector>

#include "analysis/keep_set.h"

namespace minify::testing {

inline std::vector<std::string> kept_paths(const analysis::KeepSet& keep) {
  std::vector<std::string> out;
  for (const auto& [path, entry] : keep.entries) out.push_back(path);
  return out;
}

inline std::vector<std::string> skipped_lines(const analysis::KeepSet& keep) {
  std::vector<std::string> out;
  for (const auto& s : keep.skipped) out.push_back(s.path + ": " + s.reason);
  return out;
}

}  // namespace minify::testing
