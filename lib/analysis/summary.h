#pragma once
// The numbers the host reports about a keep-set, without exporting the image: what is kept
// (counts, bytes, the largest directories), what was skipped and why, and the totals of the
// whole image root for "files kept of total". The result is the contract's PackSummary
// (protocol/pack_summary.h, which states the JSON shape and what each count means); the sensor's
// pack mode adds its timings and tar numbers and writes it.

#include <cstddef>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "protocol/pack_summary.h"

namespace minify::analysis {

// Walks the whole root (without following symlinks).
protocol::Totals image_totals(const Root& root);
protocol::Totals kept_totals(const KeepSet& keep);

inline constexpr std::size_t kLargestDirs = 10;

// Everything but the timings and the tar's numbers, which only the pack run knows.
protocol::PackSummary pack_summary(const KeepSet& keep, const protocol::Totals& image);

}  // namespace minify::analysis
