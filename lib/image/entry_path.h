#pragma once
// Names in a layer tar are untrusted: a hostile image can carry "../../etc/passwd" or
// "/etc/shadow". Every name goes through here before it is used as a path in the merged view.

#include <string>
#include <string_view>

namespace minify::image {

// Returns `name` relative to the image root, normalised: no leading "./", no empty or "." parts,
// "a/../b" folded to "b", no trailing '/'. The root itself ("", ".", "./") gives "".
// Throws ImageError when the name is absolute, climbs above the root, or is longer than
// kMaxEntryPathBytes: the engine could not create it (PATH_MAX), and a deep name costs the merged
// view memory quadratic in its depth (each missing parent is a path of its own).
constexpr std::size_t kMaxEntryPathBytes = 4096;
std::string normalise_entry_path(std::string_view name);

// "a/b/c" -> "a/b"; "a" -> "".
std::string_view parent_path(std::string_view path);

// "a/b/c" -> "c".
std::string_view base_name(std::string_view path);

}  // namespace minify::image
