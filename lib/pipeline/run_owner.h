#pragma once
// Which minify run made a container or a temporary directory, so that a later run tells a live
// run's things (never touched: the engine is shared) from a dead run's (removed): the process id
// with its start time (a pid alone is reused), and the boot it ran in.

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace minify::pipeline {

// The label every container minify creates carries, its value RunOwner::label().
inline constexpr const char* kOwnerLabel = "minify.owner";

struct RunOwner {
  std::string boot_id;      // /proc/sys/kernel/random/boot_id; empty: this boot's (a build
                            // directory's name carries none, and /tmp rarely outlives a boot)
  pid_t pid = 0;            // minify's process
  std::uint64_t start = 0;  // field 22 of /proc/PID/stat: clock ticks after boot

  // This process. Throws std::runtime_error when /proc cannot be read.
  static RunOwner self();
  // "BOOT/PID/START"; parse() is its inverse, nullopt for anything else.
  std::string label() const;
  static std::optional<RunOwner> parse(std::string_view label);

  // True when this run is of the current boot and its process is gone (or the pid now belongs to
  // a process started at another time). A run of another boot, or of another machine sharing the
  // engine, is never called dead: nothing here can tell.
  bool dead() const;

  bool operator==(const RunOwner&) const = default;
};

// The start time of process `pid` (field 22 of /proc/PID/stat), nullopt when there is none.
std::optional<std::uint64_t> process_start(pid_t pid);

}  // namespace minify::pipeline
