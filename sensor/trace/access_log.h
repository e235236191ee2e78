#pragma once
// Everything the sensor has seen so far, kept cheap to update on every tracee stop (a hash map of
// paths, a flat array of syscall counts) and turned into a sorted record::Record on demand.

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "record/record.h"

namespace minify::sensor {

class AccessLog {
 public:
  // `process`: the file of the process that touched it ("" unknown); the first one is kept.
  void add_path(std::string_view path, std::uint32_t ops, std::uint32_t source,
                std::string_view process = {});
  void count_syscall(long nr);

  // Starts a new process entry (a pid seen again after exiting gets a new one).
  record::Process& start_process(pid_t pid, pid_t ppid);
  // The latest entry of `pid`, or nullptr.
  record::Process* process(pid_t pid);

  // A TCP port the app listens on; each port is kept once, in the order first seen.
  void add_listening_port(int port);
  // The ports so far, in that order.
  const std::vector<int>& listening_ports() const { return listening_ports_; }

  // Adds a warning unless the same text was already added.
  void warn(std::string text);

  // The record as it stands: paths sorted and merged, syscalls sorted by number. Fields the log
  // does not own (mode, version, timings, exit status, fanotify) are left for the caller.
  record::Record snapshot() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Access {
    std::uint32_t ops = 0;
    std::uint32_t sources = 0;
    std::string process;
  };
  std::unordered_map<std::string, Access, StringHash, std::equal_to<>> paths_;
  // Native syscall numbers are below 1024 on every Linux architecture but x32, kept apart.
  std::array<std::uint64_t, 1024> syscall_counts_{};
  std::unordered_map<long, std::uint64_t> other_syscall_counts_;
  std::vector<record::Process> processes_;
  std::unordered_map<pid_t, std::size_t> latest_process_;
  std::vector<std::string> warnings_;
  std::vector<int> listening_ports_;
};

}  // namespace minify::sensor
