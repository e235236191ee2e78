#pragma once
// Where the bytes moved between two images: every directory's regular-file bytes (its whole
// subtree, a hard link counted at each of its paths, as `minify xray` counts directories) in A and
// in B, ranked by what it gained and by what it lost. The root is not ranked: it is the images'
// sizes, said elsewhere.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/merged_view.h"

namespace minify::diff {

struct DirectoryChange {
  std::string path;  // absolute: "/usr/lib"
  std::uint64_t bytes_a = 0, bytes_b = 0;
  std::uint64_t files_a = 0, files_b = 0;  // regular files in its subtree
};

struct DirectoryChanges {
  std::vector<DirectoryChange> gained;  // bytes_b > bytes_a, most gained first
  std::vector<DirectoryChange> lost;    // bytes_a > bytes_b, most lost first
};

// `top` bounds each list; ties go by path.
DirectoryChanges rank_directories(const image::MergedView& a, const image::MergedView& b,
                                  std::size_t top);

}  // namespace minify::diff
