#pragma once
// The numbers the host reports about a keep-set, without exporting the image: what is kept
// (counts, bytes, the largest directories, each entry with why), what was skipped and why, what
// was dropped (by directory, the largest files, every entry), the whole image root for "files
// kept of total" and its directories for a treemap. The result is the contract's PackSummary
// (protocol/pack_summary.h, which states the JSON shape and what each count means); the sensor's
// pack mode adds its timings and tar numbers and writes it.

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "protocol/pack_summary.h"

namespace minify::analysis {

// One entry of the image root, as the walk met it.
struct ImageEntry {
  std::string path;
  FileInfo info;
};

// Walks the whole root (without following symlinks), leaving out what the keep-set never holds
// (/proc, /sys, /dev, /.minify, the engine's bind mounts), in depth-first order.
std::vector<ImageEntry> image_entries(const Root& root);
protocol::Totals image_totals(const std::vector<ImageEntry>& image);
protocol::Totals kept_totals(const KeepSet& keep);

inline constexpr std::size_t kLargestDirs = 10;
inline constexpr std::size_t kLargestDropped = 50;  // dropped directories, dropped files
inline constexpr int kFilesystemDepth = 4;          // "/" is 0, "/usr" 1

// Everything but the timings and the tar's numbers, which only the pack run knows. `image`:
// image_entries() of the root the keep-set was closed against.
protocol::PackSummary pack_summary(const KeepSet& keep, const std::vector<ImageEntry>& image);

}  // namespace minify::analysis
