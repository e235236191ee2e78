#pragma once
// The sensor's record: what one traced run of an application touched and called.
//
// Contract. The sensor writes a Record as JSON at the record path of its command line
// (protocol/sensor_protocol.h: TraceArgs, kRecordPath by default) inside the analysis container:
// periodically while the app runs (complete == false), and once more when it ends
// (complete == true). Every write goes to a temporary file that is then renamed over that path,
// so a reader never sees a half-written record. The host reads it back through the archive API
// and hands it to lib/analysis (and to lib/seccomp for the syscall set). This header is the
// record's format only; where it lives and how the sensor is called are lib/protocol's.
// File names (paths, exe, argv) are bytes, written in JSON as lib/byte_names/README.md says;
// warnings are messages, written through byte_names::printable.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::record {

inline constexpr int kFormatVersion = 1;

// What was done to a path: a bit set, as one path is usually touched several ways.
enum Op : std::uint32_t {
  kRead = 1u << 0,      // opened for reading (files and directories)
  kWrite = 1u << 1,     // opened for writing, truncated, or its times/modes/owners changed
  kCreate = 1u << 2,    // made: O_CREAT, creat, mkdir, mknod, symlink, link or rename target
  kStat = 1u << 3,      // stat family, access, statfs: looked at, not read
  kExec = 1u << 4,      // the file given to execve/execveat
  kReadlink = 1u << 5,  // readlink(at)
  kChdir = 1u << 6,     // chdir, chroot
  kDelete = 1u << 7,    // unlink, rmdir, rename source
  kXattr = 1u << 8,     // the xattr calls
  kSocket = 1u << 9,    // bind/connect on a unix socket path
};

// Who saw an access.
enum Source : std::uint32_t {
  kPtrace = 1u << 0,  // a hand-over: seccomp user notification or ptrace stop
  kFanotify = 1u << 1,
  kBpf = 1u << 2,  // the sensor's eBPF program, in the kernel (Record::bpf_syscalls)
};

// Names used in the JSON form ("read", "write", ...), in bit order.
std::vector<std::string> op_names(std::uint32_t ops);
// Inverse of op_names; throws std::invalid_argument naming an unknown operation.
std::uint32_t ops_from_names(const std::vector<std::string>& names);

struct PathEntry {
  // Absolute path as the app named it: a relative name is joined to the tracee's cwd or to the
  // dirfd's path, and "." and repeated "/" are dropped, but ".." and symlinks are left as they are:
  // only lib/analysis, looking at the image's own filesystem, can resolve them correctly.
  std::string path;
  std::uint32_t ops = 0;      // Op bits
  std::uint32_t sources = 0;  // Source bits
  // The file of the first traced process that touched it, as that process was then (its last
  // exec so far); "" when unknown (seen by fanotify alone). JSON: "process", left out when "".
  std::string process;
};

struct SyscallCount {
  int nr = 0;  // the architecture's own syscall number
  std::uint64_t count = 0;
};

struct Process {
  int pid = 0;
  int ppid = 0;
  std::vector<std::string> argv;   // at its last exec
  std::string exe;                 // path of its last exec
  std::optional<int> exit_code;    // set when it exited normally
  std::optional<int> exit_signal;  // set when a signal killed it
};

struct Record {
  int format_version = kFormatVersion;
  std::string sensor_version;
  std::string mode;       // "files" (path syscalls only) or "full" (every syscall)
  bool complete = false;  // false in the periodic flushes written while the app runs
  std::string arch;       // libseccomp's name of the traced architecture, e.g. "x86_64"
  // How the traced syscalls reached the sensor: "seccomp-notify" (the filter's user notification,
  // ptrace only for the process tree) or "ptrace" (the filter's ptrace stops).
  std::string interception;
  bool fanotify = false;  // whether fanotify watched the root mount as well as ptrace
  // The syscalls an eBPF program recorded in the kernel without a hand-over ("readlink"); empty
  // when it was not used (the warnings say why, if it was tried). JSON: left out when empty.
  std::vector<std::string> bpf_syscalls;
  std::vector<std::string> warnings;   // e.g. why fanotify was unavailable
  std::vector<PathEntry> paths;        // sorted by path, one entry per path
  std::vector<SyscallCount> syscalls;  // by nr; "full" mode: all but TraceArgs::granted
  std::vector<Process> processes;      // in order of first appearance; the app first
  // The TCP ports the app listened on (IPv4 or IPv6, any address), each once, in the order it
  // first called listen() on them: the ports an HTTP probe can reach it on.
  std::vector<int> listening_ports;
  std::optional<int> exit_status;    // as the sensor exits: the app's code, or 128+signal
  std::int64_t started_unix_ms = 0;  // sensor start
  std::int64_t app_ms = 0;           // how long the app ran under the sensor
};

nlohmann::json to_json(const Record& record);
// Throws std::runtime_error naming the field at fault, or the unsupported format version.
Record record_from_json(const nlohmann::json& json);

}  // namespace minify::record
