#pragma once
// Splitting a command given as one string (`--exec 'ls -l /data'`) into argv, the way a POSIX
// shell splits words: blanks separate, single quotes keep everything, double quotes keep all but
// '\"' and '\\', a backslash escapes the next character. No expansion of any kind: the argv is
// run without a shell, in an image that may have none.

#include <string>
#include <string_view>
#include <vector>

namespace minify::probe {

// Throws UsageError (errors/usage_error.h) on an unterminated quote or a trailing backslash.
std::vector<std::string> split_command(std::string_view command);

}  // namespace minify::probe
