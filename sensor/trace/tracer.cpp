#include "trace/tracer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/user.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "trace/path_join.h"
#include "trace/proc_files.h"
#include "trace/seccomp_filter.h"
#include "trace/tracee_memory.h"

namespace minify::sensor {
namespace {

// No PTRACE_O_TRACEEXIT but for stop_at_exits(): the exit status comes with the final wait
// report anyway, and an exit stop per thread costs a round trip each.
constexpr long kOptions = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                          PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;

std::uint32_t open_ops(std::uint64_t flags) {
  std::uint32_t ops = 0;
  if (flags & O_PATH) {
    ops = record::kStat;  // a handle on the name; the contents are not opened
  } else {
    switch (flags & O_ACCMODE) {
      case O_RDONLY:
        ops = record::kRead;
        break;
      case O_WRONLY:
        ops = record::kWrite;
        break;
      default:
        ops = record::kRead | record::kWrite;
        break;
    }
  }
  if (flags & O_CREAT) ops |= record::kCreate;
  if (flags & O_TRUNC) ops |= record::kWrite;
  return ops;
}

// "Tgid:" and "PPid:" of /proc/TID/status.
void read_ids(const std::string& status, pid_t& tgid, pid_t& ppid) {
  auto field = [&](const char* name) -> long {
    auto at = status.find(name);
    return at == std::string::npos
               ? -1
               : std::strtol(status.c_str() + at + std::strlen(name), nullptr, 10);
  };
  if (long v = field("\nTgid:"); v > 0) tgid = static_cast<pid_t>(v);
  if (long v = field("\nPPid:"); v >= 0) ppid = static_cast<pid_t>(v);
}

std::vector<std::string> split_cmdline(const std::string& cmdline) {
  std::vector<std::string> argv;
  std::size_t start = 0;
  while (start < cmdline.size()) {
    std::size_t end = cmdline.find('\0', start);
    if (end == std::string::npos) end = cmdline.size();
    argv.emplace_back(cmdline, start, end - start);
    start = end + 1;
  }
  return argv;
}

#if defined(__x86_64__)
// The syscall arguments in a tracee's registers, in order (the x86_64 syscall convention).
void copy_args(const user_regs_struct& regs, std::uint64_t (&args)[6]) {
  const std::uint64_t in_order[6] = {regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9};
  std::memcpy(args, in_order, sizeof in_order);
}
#endif

}  // namespace

void Tracer::start(pid_t app, const std::vector<std::string>& argv) {
  app_ = app;
  if (ptrace(PTRACE_SETOPTIONS, app, nullptr, kOptions | extra_options_) != 0) {
    throw std::runtime_error(std::string("ptrace(PTRACE_SETOPTIONS): ") + std::strerror(errno));
  }
  Tracee& tracee = add_tracee(app, false);
  tracee.tgid = app;
  record::Process* process = log_.process(app);
  if (process != nullptr) {
    process->ppid = getpid();
    process->argv = argv;
  }
  ptrace(PTRACE_CONT, app, nullptr, 0);
}

std::vector<pid_t> Tracer::live_processes() const {
  std::vector<pid_t> pids;
  for (const auto& [tid, tracee] : tracees_) {
    if (tid == tracee.tgid) pids.push_back(tid);
  }
  return pids;
}

Tracer::Tracee& Tracer::add_tracee(pid_t tid, bool initial_stop_pending) {
  auto [it, added] = tracees_.try_emplace(tid);
  Tracee& tracee = it->second;
  if (!added) return tracee;
  tracee.initial_stop_pending = initial_stop_pending;
  tracee.tgid = tid;
  pid_t ppid = 0;
  char file[64];
  std::snprintf(file, sizeof file, "/proc/%d/status", tid);
  if (read_small_file(file, proc_)) read_ids(proc_, tracee.tgid, ppid);
  if (tracee.tgid != tid) return tracee;  // a thread: its process is already recorded

  record::Process& process = log_.start_process(tid, ppid);
  std::snprintf(file, sizeof file, "/proc/%d/cmdline", tid);
  if (read_small_file(file, proc_)) process.argv = split_cmdline(proc_);
  // A forked child runs its parent's program until it execs.
  if (const record::Process* parent = log_.process(ppid); parent != nullptr) {
    process.exe = parent->exe;
  }
  return tracee;
}

void Tracer::handle(pid_t tid, int status) {
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    on_exit(tid, status);
    return;
  }
  if (!WIFSTOPPED(status)) return;
  Tracee* tracee = &add_tracee(tid, true);
  const int sig = WSTOPSIG(status);
  const unsigned event = static_cast<unsigned>(status) >> 16;
  int inject = 0;
  if (event != 0) {
    switch (event) {
      case PTRACE_EVENT_SECCOMP:
        on_seccomp(tid, *tracee);
        break;
      case PTRACE_EVENT_EXEC:
        on_exec(tid);
        break;
      case PTRACE_EVENT_FORK:
      case PTRACE_EVENT_VFORK:
      case PTRACE_EVENT_CLONE: {
        unsigned long child = 0;
        if (ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &child) == 0) {
          add_tracee(static_cast<pid_t>(child), true);
        }
        break;
      }
      case PTRACE_EVENT_STOP:
        tracee->initial_stop_pending = false;
        break;
      default:
        break;
    }
  } else if (sig == SIGSTOP && tracee->initial_stop_pending) {
    tracee->initial_stop_pending = false;
  } else if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
    // A group-stop has no siginfo: resuming it without a signal keeps the app running (job
    // control inside the traced tree is not preserved). A stop signal being delivered is passed on.
    siginfo_t info;
    if (ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info) == 0) inject = sig;
  } else {
    inject = sig;
  }
  if (inject != 0 && notifying_) restart_interrupted_handover(tid);
  ptrace(PTRACE_CONT, tid, nullptr, inject);
}

void Tracer::restart_interrupted_handover(pid_t tid) {
#if defined(__x86_64__)
  // A signal that reaches a tracee waiting for its notification's answer (before the sensor has
  // received it; after, WAIT_KILLABLE_RECV holds it off) ends the wait with ERESTARTSYS, which a
  // handler without SA_RESTART turns into EINTR: stat or getpid would fail where they never do
  // natively. This stop comes before the kernel decides; ERESTARTNOINTR makes it restart the
  // syscall after the handler, whatever its flags, and the sensor is asked again. Syscalls that
  // can be interrupted natively keep their EINTR: the app expects it from them.
  constexpr long kRestartSys = 512;     // ERESTARTSYS, kernel-internal
  constexpr long kRestartNoIntr = 513;  // ERESTARTNOINTR
  user_regs_struct regs{};
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return;
  const long nr = static_cast<long>(regs.orig_rax);
  if (nr < 0 || static_cast<long>(regs.rax) != -kRestartSys || may_fail_with_eintr(nr)) return;
  if (const SyscallSpec* spec = find_syscall(nr);
      spec != nullptr &&
      (spec->kind == SyscallKind::kOpen || spec->kind == SyscallKind::kOpenHow)) {
    // Opening a FIFO or a device may sleep natively: its EINTR stays. A file, or none, may not.
    SyscallStop stop;
    stop.nr = nr;
    copy_args(regs, stop.args);
    struct stat st {};
    if (resolve(tid, stop, *spec, spec->args[0], path_) && ::stat(path_.c_str(), &st) == 0 &&
        !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      return;
    }
  }
  regs.rax = static_cast<unsigned long long>(-kRestartNoIntr);
  ptrace(PTRACE_SETREGS, tid, nullptr, &regs);
#else
  (void)tid;  // other architectures: the rare EINTR stays (see sensor/README.md)
#endif
}

bool Tracer::read_syscall(pid_t tid, SyscallStop& stop) {
  if (use_syscall_info_) {
    __ptrace_syscall_info info{};
    long n = ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info);
    if (n > 0 && info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
      stop.nr = static_cast<long>(info.seccomp.nr);
      std::memcpy(stop.args, info.seccomp.args, sizeof stop.args);
      stop.foreign_arch = info.seccomp.ret_data == kForeignArchData;
      return true;
    }
    if (n >= 0 || errno != EIO) return false;
    use_syscall_info_ = false;  // kernel older than 5.3
  }
#if defined(__x86_64__)
  user_regs_struct regs{};
  unsigned long data = 0;
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return false;
  if (ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &data) != 0) return false;
  stop.nr = static_cast<long>(regs.orig_rax);
  copy_args(regs, stop.args);
  stop.foreign_arch = data == kForeignArchData;
  return true;
#else
  return false;
#endif
}

bool Tracer::fd_path(pid_t tid, int fd, std::string& out) {
  char link[64];
  if (fd == AT_FDCWD) {
    std::snprintf(link, sizeof link, "/proc/%d/cwd", tid);
  } else {
    std::snprintf(link, sizeof link, "/proc/%d/fd/%d", tid, fd);
  }
  return read_link(link, out) && !out.empty() && out.front() == '/';
}

bool Tracer::resolve(pid_t tid, const SyscallStop& stop, const SyscallSpec& spec,
                     const PathArg& arg, std::string& out) {
  const int dirfd = arg.dirfd >= 0 ? static_cast<int>(stop.args[arg.dirfd]) : AT_FDCWD;
  if (arg.path < 0) {
    if (!fd_path(tid, dirfd, base_)) return false;
    join_path("/", base_, out);
    return true;
  }
  const std::uint64_t address = stop.args[arg.path];
  if (address == 0) {
    if (!spec.null_path_is_dirfd || !fd_path(tid, dirfd, base_)) return false;
    join_path("/", base_, out);
    return true;
  }
  auto tracee = tracees_.find(tid);
  if ((tracee == tracees_.end() || !memory_.read_string(tracee->second.tgid, address, raw_)) &&
      !read_tracee_string(tid, address, raw_)) {
    return false;
  }
  if (raw_.empty()) {
    // "" names the dirfd itself with AT_EMPTY_PATH (the first path argument only).
    bool empty_ok = &arg == &spec.args[0] && spec.flags >= 0 && spec.kind == SyscallKind::kPaths &&
                    (stop.args[spec.flags] & AT_EMPTY_PATH) != 0;
    if (!empty_ok || !fd_path(tid, dirfd, base_)) return false;
    join_path("/", base_, out);
    return true;
  }
  if (raw_.front() == '/') {
    join_path("/", raw_, out);
    return true;
  }
  if (!fd_path(tid, dirfd, base_)) return false;
  join_path(base_, raw_, out);
  return true;
}

unsigned long Tracer::socket_inode(pid_t tid, int fd) {
  char link[64];
  std::snprintf(link, sizeof link, "/proc/%d/fd/%d", tid, fd);
  if (!read_link(link, proc_) || !proc_.starts_with("socket:[")) return 0;
  return std::strtoul(proc_.c_str() + 8, nullptr, 10);
}

void Tracer::remember_bound_port(pid_t tid, int fd, const void* address, std::size_t size) {
  int port = 0;
  bool loopback = false;
  sa_family_t family;
  std::memcpy(&family, address, sizeof family);
  if (family == AF_INET && size >= sizeof(sockaddr_in)) {
    const auto* in = static_cast<const sockaddr_in*>(address);
    port = ntohs(in->sin_port);
    loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  } else if (family == AF_INET6 && size >= sizeof(sockaddr_in6)) {
    const auto* in6 = static_cast<const sockaddr_in6*>(address);
    port = ntohs(in6->sin6_port);
    loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
               (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
  }
  if (port == 0) return;  // not IP, or an ephemeral port the kernel picks: no known port
  // A port on the loopback address serves the container itself (a backend behind the app's own
  // proxy): nothing outside the container can reach it, so it is no port to probe.
  if (loopback) return;
  if (unsigned long inode = socket_inode(tid, fd)) bound_ports_[inode] = port;
}

void Tracer::record_listen(pid_t tid, int fd) {
  auto it = bound_ports_.find(socket_inode(tid, fd));
  if (it != bound_ports_.end()) log_.add_listening_port(it->second);
}

void Tracer::record_socket(pid_t tid, const SyscallStop& stop) {
  sockaddr_storage storage{};
  std::size_t size = std::min<std::uint64_t>(stop.args[2], sizeof storage);
  if (size < sizeof(sa_family_t)) return;
  if (!read_tracee_bytes(tid, stop.args[1], &storage, size)) return;
  if (stop.nr == SYS_bind) {
    remember_bound_port(tid, static_cast<int>(stop.args[0]), &storage, size);
  }
  sockaddr_un address{};
  std::memcpy(&address, &storage, std::min(size, sizeof address));
  size = std::min(size, sizeof address);
  if (size <= offsetof(sockaddr_un, sun_path) + 1) return;
  if (address.sun_family != AF_UNIX || address.sun_path[0] == '\0') return;  // abstract: no file
  std::size_t max = size - offsetof(sockaddr_un, sun_path);
  raw_.assign(address.sun_path, strnlen(address.sun_path, max));
  if (raw_.front() == '/') {
    join_path("/", raw_, path_);
  } else {
    if (!fd_path(tid, AT_FDCWD, base_)) return;
    join_path(base_, raw_, path_);
  }
  log_.add_path(path_, record::kSocket, record::kPtrace, exe_of(tid));
}

void Tracer::on_notification(pid_t tid, long nr, const std::uint64_t (&args)[6]) {
  SyscallStop stop;
  stop.nr = nr;
  std::memcpy(stop.args, args, sizeof stop.args);
  auto it = tracees_.find(tid);
  record_syscall(tid, it == tracees_.end() ? nullptr : &it->second, stop);
}

void Tracer::on_kernel_readlink(pid_t tid, long nr, std::string_view raw, bool readable) {
  if (!tracees_.contains(tid)) return;  // untraced (a `docker exec` probe): as for a hand-over
  log_.count_syscall(nr);
  if (!readable) {
    log_.warn("the path of a readlink could not be read in the kernel: not recorded");
    return;
  }
  if (raw.empty()) return;  // names nothing: ENOENT
  if (raw.front() == '/') {
    join_path("/", raw, path_);
  } else if (fd_path(tid, AT_FDCWD, base_)) {
    join_path(base_, raw, path_);
  } else {
    log_.warn("the cwd of pid " + std::to_string(tid) + " was gone when its readlink of '" +
              std::string(raw) + "' was read: not recorded");
    return;
  }
  log_.add_path(path_, record::kReadlink, record::kBpf, exe_of(tid));
}

void Tracer::on_seccomp(pid_t tid, Tracee& tracee) {
  SyscallStop stop;
  if (read_syscall(tid, stop)) record_syscall(tid, &tracee, stop);
}

void Tracer::record_syscall(pid_t tid, Tracee* tracee, const SyscallStop& stop) {
  if (stop.foreign_arch) {
    log_.warn("a process made 32-bit (i386) syscalls, first pid " + std::to_string(tid) +
              ": their files and numbers are not recorded");
    return;
  }
  log_.count_syscall(stop.nr);
  const SyscallSpec* spec = find_syscall(stop.nr);
  if (spec == nullptr) return;
  switch (spec->kind) {
    case SyscallKind::kNone:
      return;
    case SyscallKind::kSockaddr:
      record_socket(tid, stop);
      return;
    case SyscallKind::kListen:
      record_listen(tid, static_cast<int>(stop.args[0]));
      return;
    case SyscallKind::kOpen:
      if (resolve(tid, stop, *spec, spec->args[0], path_)) {
        log_.add_path(path_, open_ops(stop.args[spec->flags]), record::kPtrace, exe_of(tid));
      }
      return;
    case SyscallKind::kOpenHow: {
      std::uint64_t flags = 0;  // struct open_how starts with its u64 flags
      if (!read_tracee_bytes(tid, stop.args[spec->flags], &flags, sizeof flags)) return;
      if (resolve(tid, stop, *spec, spec->args[0], path_)) {
        log_.add_path(path_, open_ops(flags), record::kPtrace, exe_of(tid));
      }
      return;
    }
    case SyscallKind::kCreat:
    case SyscallKind::kPaths:
      for (std::uint8_t i = 0; i < spec->count; ++i) {
        if (!resolve(tid, stop, *spec, spec->args[i], path_)) continue;
        log_.add_path(path_, spec->args[i].ops, record::kPtrace, exe_of(tid));
        if (spec->exec && tracee != nullptr) tracee->exec_path = path_;
      }
      return;
  }
}

std::string_view Tracer::exe_of(pid_t tid) {
  auto it = tracees_.find(tid);
  const record::Process* process = log_.process(it == tracees_.end() ? tid : it->second.tgid);
  return process == nullptr ? std::string_view() : std::string_view(process->exe);
}

void Tracer::record_interpreters(pid_t pid, std::string path) {
  // The kernel opens a script's interpreter without a syscall the filter sees. Follow the "#!"
  // lines as the kernel does (a few levels deep).
  for (int depth = 0; depth < 4; ++depth) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno == ELOOP) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return;
    char line[256];
    ssize_t n = ::read(fd, line, sizeof line);
    ::close(fd);
    if (n < 3 || line[0] != '#' || line[1] != '!') return;
    std::string_view text(line + 2, static_cast<std::size_t>(n) - 2);
    std::size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) return;
    std::size_t end = text.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) return;  // no end of line within the first bytes
    std::string interpreter(text.substr(start, end - start));
    if (interpreter.front() == '/') {
      join_path("/", interpreter, path_);
    } else {
      if (!fd_path(pid, AT_FDCWD, base_)) return;
      join_path(base_, interpreter, path_);
    }
    log_.add_path(path_, record::kExec, record::kPtrace, exe_of(pid));
    path = path_;
  }
}

void Tracer::on_exec(pid_t pid) {
  unsigned long former = 0;
  ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &former);
  Tracee& tracee = tracees_[pid];
  tracee.tgid = pid;
  tracee.initial_stop_pending = false;
  std::string exec_path = std::move(tracee.exec_path);
  // A non-leader thread that execs takes over the leader's pid; its own tid is gone.
  if (auto it = tracees_.find(static_cast<pid_t>(former));
      former != static_cast<unsigned long>(pid) && it != tracees_.end()) {
    exec_path = std::move(it->second.exec_path);
    tracees_.erase(it);
  }
  tracee.exec_path.clear();
  memory_.forget(pid);  // a new address space

  char file[64];
  std::snprintf(file, sizeof file, "/proc/%d/exe", pid);
  std::string exe;
  if (read_link(file, exe) && !exe.empty() && exe.front() == '/') {
    log_.add_path(exe, record::kExec, record::kPtrace, exe_of(pid));  // symlinks resolved
  }
  record::Process* process = log_.process(pid);
  if (process == nullptr) process = &log_.start_process(pid, 0);
  std::snprintf(file, sizeof file, "/proc/%d/cmdline", pid);
  if (read_small_file(file, proc_)) process->argv = split_cmdline(proc_);
  process->exe = exec_path.empty() ? exe : exec_path;
  if (!exec_path.empty()) record_interpreters(pid, exec_path);
}

void Tracer::on_exit(pid_t tid, int status) {
  auto it = tracees_.find(tid);
  if (it == tracees_.end()) return;  // a child that was never traced
  const bool is_process = it->second.tgid == tid;
  tracees_.erase(it);
  if (!is_process) return;
  memory_.forget(tid);
  record::Process* process = log_.process(tid);
  const bool exited = WIFEXITED(status);
  if (process != nullptr) {
    if (exited) {
      process->exit_code = WEXITSTATUS(status);
    } else {
      process->exit_signal = WTERMSIG(status);
    }
  }
  if (tid == app_) app_status_ = exited ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace minify::sensor
