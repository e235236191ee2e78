#pragma once
// Which syscalls name files, where their path arguments are, and what they do to those files,
// plus listen(), which names the TCP port an app serves on (bound by bind(), already here for
// unix socket paths). The seccomp filter of `files` mode stops the tracee on exactly these.

#include <cstdint>
#include <span>

namespace minify::sensor {

// How the tracer finds the file(s) a syscall names.
enum class SyscallKind : std::uint8_t {
  kNone,      // names no file
  kPaths,     // path arguments, each optionally relative to a dirfd argument
  kOpen,      // like kPaths; ops come from the open flags in argument `flags`
  kOpenHow,   // openat2: ops come from struct open_how at argument `flags`
  kCreat,     // creat: write + create
  kSockaddr,  // bind/connect: struct sockaddr at argument 1, length at argument 2
  kListen,    // listen: the socket at argument 0 now accepts connections on its bound port
};

struct PathArg {
  std::int8_t path = -1;   // argument index of the char* path; -1: the dirfd itself names the file
  std::int8_t dirfd = -1;  // argument index of the directory fd; -1: relative to the cwd
  std::uint32_t ops = 0;   // record::Op bits
};

struct SyscallSpec {
  int nr = -1;
  const char* name = "";
  SyscallKind kind = SyscallKind::kNone;
  // kPaths: argument holding AT_* flags (AT_EMPTY_PATH makes "" name the dirfd), or -1.
  // kOpen: argument holding the open flags. kOpenHow: argument pointing at struct open_how.
  std::int8_t flags = -1;
  bool null_path_is_dirfd = false;  // utimensat: a NULL path means the dirfd itself
  bool exec = false;                // execve/execveat: the tracer follows the exec
  std::uint8_t count = 0;
  PathArg args[2] = {};
};

// The spec of syscall `nr` of the native architecture, or nullptr when it names no file.
const SyscallSpec* find_syscall(long nr);
// Every path-taking syscall, for the seccomp filter.
std::span<const SyscallSpec> path_syscalls();
// Whether syscall `nr` may sleep interruptibly by itself (a pipe or socket read, a wait, a
// lock...), so that the app must already expect EINTR from it when its signal handler lacks
// SA_RESTART. The others (stat, getpid, mmap, ...) never fail with EINTR natively. The open family
// is not listed: only an open of a FIFO or a device sleeps, which the caller checks on the file.
bool may_fail_with_eintr(long nr);

}  // namespace minify::sensor
