#pragma once
// Path globbing as .dockerignore and shell `rm` use it: `*` and `?` stay within one path
// segment, `[...]` is a character class, `**` spans segments (`**/` also matches nothing).
// Runs in O(pattern * path) time whatever the input, so hostile patterns cannot stall lint.

#include <string_view>

namespace minify::lint {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace minify::lint
