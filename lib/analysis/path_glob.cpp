#include "analysis/path_glob.h"

#include <fnmatch.h>

#include <algorithm>

#include "analysis/path_resolver.h"

namespace minify::analysis {
namespace {

bool fn_match(const std::string& pattern, const std::string& text, int flags) {
  return ::fnmatch(pattern.c_str(), text.c_str(), flags) == 0;
}

}  // namespace

bool has_glob_chars(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

bool glob_covers(std::string_view pattern, std::string_view path) {
  const bool by_name = pattern.find('/') == std::string_view::npos;
  const std::string pat(pattern);
  std::string prefix;
  for (const auto& component : split_nonempty(path, '/')) {
    prefix += "/" + component;
    if (by_name ? fn_match(pat, component, 0) : fn_match(pat, prefix, FNM_PATHNAME)) return true;
  }
  return !by_name && path == "/" && fn_match(pat, "/", FNM_PATHNAME);
}

std::vector<std::string> expand_glob(const Root& root, std::string_view pattern) {
  std::vector<std::string> prefixes = {""};
  for (const auto& component : split_nonempty(pattern, '/')) {
    std::vector<std::string> next;
    for (const auto& prefix : prefixes) {
      if (!has_glob_chars(component)) {
        next.push_back(prefix + "/" + component);
        continue;
      }
      Resolution dir = resolve(root, prefix.empty() ? "/" : prefix);
      if (dir.status != Resolved::kFound || dir.info->type != FileType::kDirectory) continue;
      for (const auto& entry : root.list(dir.path)) {
        // Like the shell, a wildcard does not match a leading dot unless the pattern has one.
        if (fn_match(component, entry.name, FNM_PERIOD)) next.push_back(prefix + "/" + entry.name);
      }
    }
    prefixes = std::move(next);
  }
  std::vector<std::string> out;
  for (const auto& p : prefixes) {
    const std::string path = p.empty() ? std::string("/") : p;
    if (resolve(root, path, false).status == Resolved::kFound) out.push_back(path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace minify::analysis
