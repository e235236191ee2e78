#pragma once
// The ptrace side: follows the app's process tree (fork, vfork, clone, exec), decodes each
// seccomp stop into the files it names and records them, the processes and their exit statuses.

#include <sys/ptrace.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trace/access_log.h"
#include "trace/process_memory.h"
#include "trace/syscall_table.h"

namespace minify::sensor {

class Tracer {
 public:
  explicit Tracer(AccessLog& log) : log_(log) {}

  // Takes over the app's process, stopped at its own SIGSTOP after PTRACE_TRACEME: sets the
  // ptrace options and resumes it. Throws when ptrace refuses.
  void start(pid_t app, const std::vector<std::string>& argv);
  // Handles one report of waitpid(-1, &status, __WALL) and resumes the stopped tracee.
  void handle(pid_t tid, int status);
  // Syscalls come as notifications (Interception::kNotify) from now on.
  void set_notifying() { notifying_ = true; }
  // Records the syscall of a seccomp user notification (Interception::kNotify) made by thread
  // `tid`, while it waits for the answer: the same decoding as at a ptrace seccomp stop.
  void on_notification(pid_t tid, long nr, const std::uint64_t (&args)[6]);
  // Records syscall `nr`, readlink of `path` (relative: to the thread's cwd now) by thread `tid`,
  // seen in the kernel (bpf_readlink_recorder.h) rather than handed over; `readable` false: its
  // path could not be read there. An untraced thread's is left out, as a hand-over never comes.
  void on_kernel_readlink(pid_t tid, long nr, std::string_view path, bool readable);
  // Each thread stops as it exits (PTRACE_O_TRACEEXIT), its cwd still there: called before
  // start(), for readlinks seen in the kernel and read after the thread went on.
  void stop_at_exits() { extra_options_ |= PTRACE_O_TRACEEXIT; }

  pid_t app() const { return app_; }
  // The app's status once its process ended: its exit code, or 128 + the signal that killed it.
  std::optional<int> app_status() const { return app_status_; }
  // Whether nothing traced is left (the app and everything it started have exited).
  bool idle() const { return tracees_.empty(); }
  // The traced processes still alive (thread-group leaders).
  std::vector<pid_t> live_processes() const;

 private:
  struct Tracee {
    pid_t tgid = 0;
    bool initial_stop_pending = false;  // a new tracee starts with a SIGSTOP to swallow
    std::string exec_path;              // the last execve it attempted
  };
  struct SyscallStop {
    long nr = -1;
    std::uint64_t args[6] = {};
    bool foreign_arch = false;
  };

  Tracee& add_tracee(pid_t tid, bool initial_stop_pending);
  bool read_syscall(pid_t tid, SyscallStop& stop);
  void on_seccomp(pid_t tid, Tracee& tracee);
  void record_syscall(pid_t tid, Tracee* tracee, const SyscallStop& stop);
  void on_exec(pid_t pid);
  void on_exit(pid_t tid, int status);
  // The file a PathArg names into `out` (record form); false when it cannot be known.
  bool resolve(pid_t tid, const SyscallStop& stop, const SyscallSpec& spec, const PathArg& arg,
               std::string& out);
  // The path of `fd` in `tid` (AT_FDCWD: its cwd) into `out`; false unless absolute.
  bool fd_path(pid_t tid, int fd, std::string& out);
  void record_socket(pid_t tid, const SyscallStop& stop);
  // bind of an IPv4/IPv6 address: remembers the socket's port; listen: records it (TCP, since
  // only stream sockets listen). Sockets are known by inode, so a listen in a child that
  // inherited the socket (pre-fork servers) or a dup'ed descriptor still finds its port.
  void remember_bound_port(pid_t tid, int fd, const void* address, std::size_t size);
  void record_listen(pid_t tid, int fd);
  // The inode of socket `fd` of `tid` ("socket:[123]"), or 0.
  unsigned long socket_inode(pid_t tid, int fd);
  void record_interpreters(pid_t pid, std::string path);
  // The file the process of `tid` runs now (its last exec), "" when unknown: the record's
  // PathEntry::process.
  std::string_view exe_of(pid_t tid);
  void restart_interrupted_handover(pid_t tid);

  AccessLog& log_;
  pid_t app_ = -1;
  std::optional<int> app_status_;
  std::unordered_map<pid_t, Tracee> tracees_;
  std::unordered_map<unsigned long, int> bound_ports_;  // socket inode -> port
  ProcessMemory memory_;                                // where the paths are read from
  bool notifying_ = false;
  long extra_options_ = 0;        // ptrace options besides the ones always set
  bool use_syscall_info_ = true;  // PTRACE_GET_SYSCALL_INFO (Linux 5.3), else PTRACE_GETREGS
  // Scratch buffers reused on every stop: no allocation once they have grown.
  std::string raw_, base_, path_, proc_;
};

}  // namespace minify::sensor
