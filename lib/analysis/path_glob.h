#pragma once
// Glob patterns of the user's --include/--exclude rules (fnmatch syntax: * ? [...]).
// A pattern with a "/" is absolute and matched against whole paths, component by component
// ("*" never crosses a "/"); a pattern without one matches a base name anywhere ("*.pyc").

#include <string>
#include <string_view>
#include <vector>

#include "analysis/root.h"

namespace minify::analysis {

bool has_glob_chars(std::string_view pattern);

// Whether the pattern matches path or one of its ancestors (a matched directory covers its
// whole subtree).
bool glob_covers(std::string_view pattern, std::string_view path);

// The paths of the root an absolute pattern names, sorted; symlinks on the way are followed
// inside the root, the returned paths are spelled as the pattern spells them (unresolved).
std::vector<std::string> expand_glob(const Root& root, std::string_view pattern);

}  // namespace minify::analysis
