#include "trace/syscall_table.h"

#include <fcntl.h>
#include <sys/syscall.h>

#include <array>

#include "record/record.h"

namespace minify::sensor {
namespace {

using record::kChdir;
using record::kCreate;
using record::kDelete;
using record::kExec;
using record::kRead;
using record::kReadlink;
using record::kSocket;
using record::kStat;
using record::kWrite;
using record::kXattr;
using K = SyscallKind;

constexpr SyscallSpec path1(int nr, const char* name, std::uint32_t ops) {
  return {nr, name, K::kPaths, -1, false, false, 1, {{0, -1, ops}}};
}
// A syscall taking (dirfd at `dirfd`, path at dirfd+1), with AT_* flags at `flags` (or -1).
constexpr SyscallSpec at1(int nr, const char* name, std::uint32_t ops, std::int8_t dirfd = 0,
                          std::int8_t flags = -1) {
  return {nr,    name,  K::kPaths, flags,
          false, false, 1,         {{static_cast<std::int8_t>(dirfd + 1), dirfd, ops}}};
}
constexpr SyscallSpec path2(int nr, const char* name, std::uint32_t ops0, std::uint32_t ops1) {
  return {nr, name, K::kPaths, -1, false, false, 2, {{0, -1, ops0}, {1, -1, ops1}}};
}
constexpr SyscallSpec at2(int nr, const char* name, std::uint32_t ops0, std::uint32_t ops1,
                          std::int8_t flags = -1) {
  return {nr, name, K::kPaths, flags, false, false, 2, {{1, 0, ops0}, {3, 2, ops1}}};
}

// Ops of link sources: the file must exist for the call to succeed, but it is not read.
constexpr std::uint32_t kLinkSource = kStat;
// Times, modes and owners count as writes (record.h).
constexpr std::uint32_t kMeta = kWrite;

const auto kSpecs = std::to_array<SyscallSpec>({
#ifdef SYS_open
    {SYS_open, "open", K::kOpen, 1, false, false, 1, {{0, -1, 0}}},
#endif
    {SYS_openat, "openat", K::kOpen, 2, false, false, 1, {{1, 0, 0}}},
#ifdef SYS_openat2
    {SYS_openat2, "openat2", K::kOpenHow, 2, false, false, 1, {{1, 0, 0}}},
#endif
#ifdef SYS_creat
    {SYS_creat, "creat", K::kCreat, -1, false, false, 1, {{0, -1, kWrite | kCreate}}},
#endif
    {SYS_execve, "execve", K::kPaths, -1, false, true, 1, {{0, -1, kExec}}},
    {SYS_execveat, "execveat", K::kPaths, 4, false, true, 1, {{1, 0, kExec}}},
#ifdef SYS_stat
    path1(SYS_stat, "stat", kStat),
#endif
#ifdef SYS_lstat
    path1(SYS_lstat, "lstat", kStat),
#endif
#ifdef SYS_newfstatat
    at1(SYS_newfstatat, "newfstatat", kStat, 0, 3),
#endif
    at1(SYS_statx, "statx", kStat, 0, 2),
#ifdef SYS_access
    path1(SYS_access, "access", kStat),
#endif
    at1(SYS_faccessat, "faccessat", kStat),
#ifdef SYS_faccessat2
    at1(SYS_faccessat2, "faccessat2", kStat, 0, 3),
#endif
#ifdef SYS_readlink
    path1(SYS_readlink, "readlink", kReadlink),
#endif
    at1(SYS_readlinkat, "readlinkat", kReadlink),
    path1(SYS_chdir, "chdir", kChdir),
    {SYS_fchdir, "fchdir", K::kPaths, -1, false, false, 1, {{-1, 0, kChdir}}},
    path1(SYS_chroot, "chroot", kChdir),
    path1(SYS_truncate, "truncate", kWrite),
    path1(SYS_statfs, "statfs", kStat),
    path1(SYS_getxattr, "getxattr", kXattr),
    path1(SYS_lgetxattr, "lgetxattr", kXattr),
    path1(SYS_setxattr, "setxattr", kXattr),
    path1(SYS_lsetxattr, "lsetxattr", kXattr),
    path1(SYS_listxattr, "listxattr", kXattr),
    path1(SYS_llistxattr, "llistxattr", kXattr),
    path1(SYS_removexattr, "removexattr", kXattr),
    path1(SYS_lremovexattr, "lremovexattr", kXattr),
#ifdef SYS_link
    path2(SYS_link, "link", kLinkSource, kCreate),
#endif
    at2(SYS_linkat, "linkat", kLinkSource, kCreate, 4),
#ifdef SYS_symlink
    // The target is text stored in the link, not a path the call looks up.
    {SYS_symlink, "symlink", K::kPaths, -1, false, false, 1, {{1, -1, kCreate}}},
#endif
    {SYS_symlinkat, "symlinkat", K::kPaths, -1, false, false, 1, {{2, 1, kCreate}}},
#ifdef SYS_rename
    path2(SYS_rename, "rename", kDelete, kCreate),
#endif
#ifdef SYS_renameat
    at2(SYS_renameat, "renameat", kDelete, kCreate),
#endif
    at2(SYS_renameat2, "renameat2", kDelete, kCreate),
#ifdef SYS_unlink
    path1(SYS_unlink, "unlink", kDelete),
#endif
    at1(SYS_unlinkat, "unlinkat", kDelete),
#ifdef SYS_rmdir
    path1(SYS_rmdir, "rmdir", kDelete),
#endif
#ifdef SYS_mkdir
    path1(SYS_mkdir, "mkdir", kCreate),
#endif
    at1(SYS_mkdirat, "mkdirat", kCreate),
#ifdef SYS_mknod
    path1(SYS_mknod, "mknod", kCreate),
#endif
    at1(SYS_mknodat, "mknodat", kCreate),
#ifdef SYS_utime
    path1(SYS_utime, "utime", kMeta),
#endif
#ifdef SYS_utimes
    path1(SYS_utimes, "utimes", kMeta),
#endif
    {SYS_utimensat, "utimensat", K::kPaths, 3, true, false, 1, {{1, 0, kMeta}}},
#ifdef SYS_futimesat
    at1(SYS_futimesat, "futimesat", kMeta),
#endif
#ifdef SYS_chmod
    path1(SYS_chmod, "chmod", kMeta),
#endif
    at1(SYS_fchmodat, "fchmodat", kMeta),
#ifdef SYS_chown
    path1(SYS_chown, "chown", kMeta),
#endif
#ifdef SYS_lchown
    path1(SYS_lchown, "lchown", kMeta),
#endif
    at1(SYS_fchownat, "fchownat", kMeta, 0, 4),
    {SYS_bind, "bind", K::kSockaddr, -1, false, false, 0, {}},
    {SYS_connect, "connect", K::kSockaddr, -1, false, false, 0, {}},
    // A server calls it once per port: adding it to the filter costs nothing measurable.
    {SYS_listen, "listen", K::kListen, -1, false, false, 0, {}},
#ifdef SYS_uselib
    path1(SYS_uselib, "uselib", kRead),
#endif
    // inotify_add_watch(inotify_fd, path, mask): the fd is no directory, the path is cwd-relative.
    {SYS_inotify_add_watch, "inotify_add_watch", K::kPaths, -1, false, false, 1, {{1, -1, kStat}}},
    at1(SYS_name_to_handle_at, "name_to_handle_at", kStat, 0, 4),
});

// Syscall numbers are small and dense: a table indexed by number keeps each stop's lookup O(1).
constexpr std::size_t kTableSize = 1024;

struct Index {
  std::array<const SyscallSpec*, kTableSize> by_nr{};
  Index() {
    for (const auto& spec : kSpecs) by_nr.at(static_cast<std::size_t>(spec.nr)) = &spec;
  }
};

const Index& index() {
  static const Index instance;
  return instance;
}

}  // namespace

const SyscallSpec* find_syscall(long nr) {
  if (nr < 0 || static_cast<std::size_t>(nr) >= kTableSize) return nullptr;
  return index().by_nr[static_cast<std::size_t>(nr)];
}

std::span<const SyscallSpec> path_syscalls() {
  return kSpecs;
}

bool may_fail_with_eintr(long nr) {
  // clang-format off
  static constexpr long kSleepers[] = {
      SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64, SYS_preadv,
      SYS_pwritev, SYS_preadv2, SYS_pwritev2, SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg, SYS_sendto,
      SYS_sendmsg, SYS_sendmmsg, SYS_accept, SYS_accept4, SYS_connect, SYS_wait4, SYS_waitid,
      SYS_nanosleep, SYS_clock_nanosleep, SYS_pause, SYS_poll, SYS_ppoll, SYS_select,
      SYS_pselect6, SYS_epoll_wait, SYS_epoll_pwait, SYS_epoll_pwait2, SYS_futex,
      SYS_rt_sigsuspend, SYS_rt_sigtimedwait, SYS_msgrcv, SYS_msgsnd, SYS_semop, SYS_semtimedop,
      SYS_flock, SYS_fcntl, SYS_ioctl, SYS_mq_timedreceive, SYS_mq_timedsend, SYS_io_getevents,
      SYS_io_pgetevents, SYS_splice, SYS_tee, SYS_vmsplice, SYS_sendfile, SYS_copy_file_range,
      SYS_fsync, SYS_fdatasync, SYS_close, SYS_io_uring_enter, SYS_getrandom, SYS_mount,
      SYS_umount2};
  // clang-format on
  for (long sleeper : kSleepers) {
    if (sleeper == nr) return true;
  }
  return false;
}

}  // namespace minify::sensor
