#pragma once
// The numbers the host reports about a keep-set, without exporting the image: what is kept
// (counts, bytes, the largest directories), what was skipped and why, and the totals of the
// whole image root for "files kept of total".
//
// JSON shape (summary_json), version 1:
// {
//   "summary_version": 1,
//   "kept":  {"files": N, "dirs": N, "symlinks": N, "hardlinks": N, "other": N, "bytes": N},
//   "image": {"files": N, "dirs": N, "symlinks": N, "other": N, "bytes": N},
//   "kept_by_reason": {"record": N, "elf": N, "parent": N, ...},
//   "largest_dirs": [{"path": "/usr/lib", "bytes": N, "files": N}, ...],  // top 10 by bytes
//   "skipped": [{"path": "/etc/hosts", "reason": "..."}, ...],              // sorted by path
//   "warnings": ["..."]
// }
// "bytes" count regular files once per inode (a hard link adds no bytes); "other" is fifos
// (kept) or sockets and devices (image). The image totals leave out /proc, /sys, /dev, /.minify
// and the engine's bind mounts, like the keep-set.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "analysis/keep_set.h"
#include "analysis/root.h"

namespace minify::analysis {

struct Totals {
  std::uint64_t files = 0;
  std::uint64_t dirs = 0;
  std::uint64_t symlinks = 0;
  std::uint64_t hardlinks = 0;
  std::uint64_t other = 0;
  std::uint64_t bytes = 0;
};

// Walks the whole root (without following symlinks).
Totals image_totals(const Root& root);
Totals kept_totals(const KeepSet& keep);

inline constexpr std::size_t kLargestDirs = 10;

nlohmann::json summary_json(const KeepSet& keep, const Totals& image);

}  // namespace minify::analysis
