#pragma once
// What `sensor pack` reports about the keep-set it wrote: the sensor writes it as JSON at
// sensor_protocol.h's kSummaryPath (or --summary), the host fetches it and reads it back with
// PackSummary::from_json. lib/analysis computes it (summary.h); the sensor adds the timings and
// the tar's numbers.
//
// JSON shape, summary_version 3 (2 had no tar size and streamed):
// {
//   "summary_version": 3,
//   "kept":  {"files": N, "dirs": N, "symlinks": N, "hardlinks": N, "other": N, "bytes": N},
//   "image": {"files": N, "dirs": N, "symlinks": N, "other": N, "bytes": N},
//   "kept_by_reason": {"record": N, "elf": N, "parent": N, ...},
//   "largest_dirs": [{"path": "/usr/lib", "bytes": N, "files": N}, ...],  // largest first
//   "skipped": [{"path": "/etc/hosts", "reason": "..."}, ...],              // sorted by path
//   "warnings": ["..."],
//   "timings_ms": {"closure": N, "image_walk": N, "tar": N},
//   "tar": {"entries": N, "bytes": N, "size": N, "streamed": BOOL},
//   "kept_files": [{"path": P, "type": T, "bytes": N,                    // sorted by path
//                   "reasons": [{"kind": K, "detail": "..."}, ...]}],   // first: what kept it
//   "dropped": {"files": N, "bytes": N,
//               "by_directory": [{"path": P, "files": N, "bytes": N}],  // biggest first, top 50
//               "largest": [{"path": P, "bytes": N}],                   // biggest first, top 50
//               "entries": [[P, T, N], ...]},                           // sorted by path
//   "filesystem": {"directories": [{"path": P, "depth": D, "kept_bytes": N, "kept_files": N,
//                                   "dropped_bytes": N, "dropped_files": N}]}  // sorted by path
// }
// T is "file", "dir", "symlink" or "other" (a fifo, a socket, a device node). K is one of
// kReasonKinds; its detail is a file name for "read", "executed", "stat", "written_dir" (the
// process, "" when unknown), "elf_interpreter", "elf_library", "parent" (the path that needs it)
// and "symlink" (the path it leads to), a message for "default_rule" and "include" (the rule);
// every detail is written in JSON as a file name is (a rule may hold any bytes too).
// Dropped entries are the image's entries (as counted in "image") that are not kept;
// "by_directory" counts the regular files directly in each directory, "filesystem" every
// directory of depth 0 ("/") to 4 holding bytes, each counting the regular files below it.
// "bytes" count regular files once per inode (a hard link adds no bytes: a further name of a kept
// file has 0 bytes, a dropped name of a kept inode too), so kept plus dropped add up to the image;
// "other" is fifos (kept) or sockets and devices (image). The image totals leave out /proc, /sys,
// /dev, /.minify and the engine's bind mounts, like the keep-set; they have no "hardlinks" (a
// further name of a file counts as a file there). Paths are file names as lib/byte_names/README.md
// writes them in JSON (a string, or {"hex": ...} for a name that is not UTF-8); reasons and
// warnings are messages, written through byte_names::printable.

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace minify::protocol {

inline constexpr int kSummaryVersion = 3;

// The kinds of KeepReason, as analysis/keep_reason.h names them.
inline constexpr const char* kReasonKinds[] = {
    "read",        "executed", "stat",   "written_dir",  "elf_interpreter",
    "elf_library", "symlink",  "parent", "default_rule", "include"};
// The entry types of kept and dropped entries.
inline constexpr const char* kEntryTypes[] = {"file", "dir", "symlink", "other"};

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
  std::uint64_t size = 0;   // the tar's own bytes
  // The tar goes into the host's pipe (`sensor pack --stream`) once the summary is out, rather
  // than to OUT.
  bool streamed = false;

  bool operator==(const TarStats&) const = default;
};

struct Reason {
  std::string kind;    // one of kReasonKinds
  std::string detail;  // see above

  bool operator==(const Reason&) const = default;
};

struct KeptFile {
  std::string path;
  std::string type;  // one of kEntryTypes
  std::uint64_t bytes = 0;
  std::vector<Reason> reasons;  // never empty

  bool operator==(const KeptFile&) const = default;
};

struct DroppedEntry {
  std::string path;
  std::string type;  // one of kEntryTypes
  std::uint64_t bytes = 0;

  bool operator==(const DroppedEntry&) const = default;
};

struct Dropped {
  std::uint64_t files = 0;  // regular files (every name)
  std::uint64_t bytes = 0;
  std::vector<DirSize> by_directory;
  std::vector<DroppedEntry> largest;  // regular files
  std::vector<DroppedEntry> entries;  // every dropped entry

  bool operator==(const Dropped&) const = default;
};

struct DirectoryUse {
  std::string path;
  int depth = 0;
  std::uint64_t kept_bytes = 0;
  std::uint64_t kept_files = 0;
  std::uint64_t dropped_bytes = 0;
  std::uint64_t dropped_files = 0;

  bool operator==(const DirectoryUse&) const = default;
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
  std::vector<KeptFile> kept_files;
  Dropped dropped;
  std::vector<DirectoryUse> filesystem;

  nlohmann::json to_json() const;
  // Throws SummaryError naming the missing or mistyped field, or the unsupported version.
  static PackSummary from_json(const nlohmann::json& json);

  bool operator==(const PackSummary&) const = default;
};

// The writers of the summary's parts that the build report (lib/report, report schema 2 and later)
// carries as they are: one writer each, so a change to one of these shapes changes both documents
// (and the report's schema version with it).
nlohmann::json dir_sizes_json(const std::vector<DirSize>& dirs);  // [{"path", "bytes", "files"}]
nlohmann::json dropped_json(const Dropped& dropped);              // "dropped" above
nlohmann::json filesystem_json(const std::vector<DirectoryUse>& dirs);  // {"directories": [...]}
nlohmann::json skipped_json(const std::vector<Skipped>& skipped);       // "skipped" above

}  // namespace minify::protocol
