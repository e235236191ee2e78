#pragma once
// The memory of each traced process, opened once (/proc/PID/mem) and read with pread. Reading a
// path at each hand-over with process_vm_readv finds the task and checks ptrace access every
// time (a third of that call's cost, as profiled on tomcat's start); the file does both once, at
// open. An exec gives the process a new address space and the file keeps the old one: the
// tracer forgets the process at its exec (before it runs any of the new program) and at its exit.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace minify::sensor {

class ProcessMemory {
 public:
  ProcessMemory() = default;
  ~ProcessMemory();
  ProcessMemory(const ProcessMemory&) = delete;
  ProcessMemory& operator=(const ProcessMemory&) = delete;

  // The NUL-terminated string at `address` in process `tgid` (at most PATH_MAX bytes) into `out`;
  // false when it cannot be read this way (the caller falls back to read_tracee_string).
  bool read_string(pid_t tgid, std::uint64_t address, std::string& out);
  // Closes what was opened for `tgid`: it exec'd or exited.
  void forget(pid_t tgid);

 private:
  // The open file of `tgid`, opened now if need be; -1 when it cannot be.
  int file_of(pid_t tgid);

  std::unordered_map<pid_t, int> files_;
};

}  // namespace minify::sensor
