#pragma once
// What `sensor pack` reports about the keep-set it wrote: the sensor writes it as JSON at
// sensor_protocol.h's kSummaryPath (or --summary), the host fetches it and reads it back with
// PackSummary::from_json. lib/analysis computes it (summary.h); the sensor adds the timings and
// the tar's numbers.
//
// JSON shape, summary_version 1:
// {
//   "summary_version": 1,
//   "kept":  {"files": N, "dirs": N, "symlinks": N, "hardlinks": N, "other": N, "bytes": N},
//   "image": {"files": N, "dirs": N, "symlinks": N, "other": N, "bytes": N},
//   "kept_by_reason": {"record": N, "elf": N, "parent": N, ...},
//   "largest_dirs": [{"path": "/usr/lib", "bytes": N, "files": N}, ...],  // largest first
//   "skipped": [{"path": "/etc/hosts", "reason": "..."}, ...],              // sorted by path
//   "warnings": ["..."],
//   "timings_ms": {"closure": N, "image_walk": N, "tar": N},
//   "tar": {"entries": N, "bytes": N}
// }
// "bytes" count regular files once per inode (a hard link adds no bytes); "other" is fifos
// (kept) or sockets and devices (image). The image totals leave out /proc, /sys, /dev, /.minify
// and the engine's bind mounts, like the keep-set; they have no "hardlinks" (a further name of a
// file counts as a file there). Paths are file names as lib/byte_names/README.md writes them in
// JSON (a string, or {"hex": ...} for a name that is not UTF-8); reasons and warnings are
// messages, written through byte_names::printable.

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace minify::protocol {

inline constexpr int kSummaryVersion = 1;

// A summary that is not JSON of the shape above; what() names the field at fault.
struct SummaryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Totals {
  std::uint64_t files = 0;
  std::uint64_t dirs = 0;
  std::uint64_t symlinks = 0;
  std::uint64_t hardlinks = 0;  // in the JSON of "kept" only
  std::uint64_t other = 0;
  std::uint64_t bytes = 0;

  bool operator==(const Totals&) const = default;
};

struct DirSize {
  std::string path;
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;

  bool operator==(const DirSize&) const = default;
};

struct Skipped {
  std::string path;
  std::string reason;

  bool operator==(const Skipped&) const = default;
};

// Wall time of each step of `sensor pack`; the image walk runs beside the other two.
struct PackTimings {
  std::int64_t closure_ms = 0;
  std::int64_t image_walk_ms = 0;
  std::int64_t tar_ms = 0;

  bool operator==(const PackTimings&) const = default;
};

struct TarStats {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;  // file contents written

  bool operator==(const TarStats&) const = default;
};

struct PackSummary {
  int summary_version = kSummaryVersion;
  Totals kept;
  Totals image;
  std::map<std::string, std::uint64_t> kept_by_reason;
  std::vector<DirSize> largest_dirs;
  std::vector<Skipped> skipped;
  std::vector<std::string> warnings;
  PackTimings timings;
  TarStats tar;

  nlohmann::json to_json() const;
  // Throws SummaryError naming the missing or mistyped field, or the unsupported version.
  static PackSummary from_json(const nlohmann::json& json);

  bool operator==(const PackSummary&) const = default;
};

}  // namespace minify::protocol
