#pragma once
// Resolving a path the application named against the image's root, the way the kernel would
// inside a chroot: component by component, following symlinks INSIDE the root. An absolute
// symlink target starts again at the root, ".." never climbs above it, and more than
// kMaxSymlinks hops is a loop. The host's own filesystem is never consulted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/root.h"

namespace minify::analysis {

inline constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS

struct SymlinkHop {
  std::string path;    // where the symlink is, resolved
  std::string target;  // what it points to, as stored
};

enum class Resolved {
  kFound,         // path is the resolved entry
  kMissing,       // a component does not exist; path is the deepest directory reached
  kNotDirectory,  // a component that must be a directory is not one
  kLoop,          // too many symlinks
};

struct Resolution {
  Resolved status = Resolved::kMissing;
  std::string path;                  // resolved path (see Resolved)
  std::optional<FileInfo> info;      // of path when found
  std::vector<SymlinkHop> symlinks;  // every symlink met, in order
};

// follow_last: whether a symlink as the last component is followed (stat) or not (lstat).
Resolution resolve(const Root& root, std::string_view path, bool follow_last = true);

// The non-empty parts of text between separators: a path's components ('/'), or the
// directories of a search list such as DT_RUNPATH or PATH (':').
std::vector<std::string> split_nonempty(std::string_view text, char separator);

// "/a/b" -> "/a"; "/a" -> "/"; "/" -> "/".
std::string parent_path(std::string_view path);
// Joins a resolved directory and a name.
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace minify::analysis
