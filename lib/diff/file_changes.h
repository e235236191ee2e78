#pragma once
// What differs between two final filesystems, path by path. A path in both is "changed" when what
// a program reading it would see differs: its type, its size, its content digest (regular files
// of the same size), a symlink's target, a device's numbers. A path whose content is the same but
// whose mode or owner differ is "metadata changed". mtimes are not compared: every rebuild changes
// them. "Files" are entries that are not directories, as in lib/image.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/file_info.h"
#include "image/merged_view.h"

namespace minify::diff {

struct ChangeCount {
  std::uint64_t files = 0;
  std::uint64_t bytes_a = 0;  // what those files hold in A (0 for added ones)
  std::uint64_t bytes_b = 0;  // what they hold in B (0 for removed ones)
};

struct FileChange {
  std::string path;                                    // absolute: "/usr/bin/perl"
  image::FileType type_a = image::FileType::kRegular;  // meaningful when in A
  image::FileType type_b = image::FileType::kRegular;  // meaningful when in B
  std::uint64_t bytes_a = 0, bytes_b = 0;
  std::vector<std::string> what;  // changed: "type", "size", "content", "target", "device",
                                  // "mode", "owner"; empty for added and removed
};

struct FileChanges {
  ChangeCount added, removed, changed, metadata_changed, unchanged;
  std::uint64_t directories_added = 0, directories_removed = 0;
  // The largest of each kind (by bytes in B for added and changed, in A for removed), `top` each.
  std::vector<FileChange> largest_added, largest_removed, largest_changed;
};

// Compares `a` and `b` (merged from layers indexed with content digests: without them, same-size
// regular files compare by size alone). `top` bounds each list.
FileChanges compare_files(const image::MergedView& a, const image::MergedView& b, std::size_t top);

}  // namespace minify::diff
