#include "trace/seccomp_filter.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <vector>

#include "trace/syscall_table.h"

namespace minify::sensor {
namespace {

bool is_fstat_in_disguise(int nr) {
#ifdef SYS_newfstatat
  if (nr == SYS_newfstatat) return true;
#endif
  return nr == SYS_statx;
}

// Linux 5.19; Debian 12's kernel headers predate it.
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

// Loads the filter with a listener. libseccomp 2.5 cannot ask for WAIT_KILLABLE_RECV, so its
// program is exported and loaded here: once the sensor has received a notification, a signal
// (other than a fatal one) no longer interrupts the app's syscall, which would otherwise fail
// with EINTR where it never does natively (open, stat) if the app's handler lacks SA_RESTART.
// Returns the listener fd or a negative errno.
int load_with_listener(scmp_filter_ctx ctx) {
  int memory = memfd_create("seccomp-filter", MFD_CLOEXEC);
  if (memory < 0) return -errno;
  int rc = seccomp_export_bpf(ctx, memory);
  struct stat st {};
  std::vector<sock_filter> code;
  if (rc == 0 && fstat(memory, &st) == 0 && st.st_size > 0) {
    code.resize(static_cast<std::size_t>(st.st_size) / sizeof(sock_filter));
    std::size_t size = code.size() * sizeof(sock_filter);
    if (pread(memory, code.data(), size, 0) != static_cast<ssize_t>(size)) rc = -EIO;
  } else if (rc == 0) {
    rc = -EIO;
  }
  close(memory);
  if (rc != 0) return rc;
  sock_fprog program{static_cast<unsigned short>(code.size()), code.data()};
  long fd =
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
              SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &program);
  if (fd < 0 && errno == EINVAL) {  // before Linux 5.19
    fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  }
  return fd < 0 ? -errno : static_cast<int>(fd);
}

// Full mode: lets the granted syscalls run. A path syscall among them still names a file the
// record must have: it stays handed over (the default action) as in files mode, fstat in disguise
// aside (it names an fd, as in files mode).
int allow_granted(scmp_filter_ctx ctx, std::span<const int> granted) {
  for (int nr : granted) {
    int rc = 0;
    if (is_fstat_in_disguise(nr)) {
      const SyscallSpec* spec = find_syscall(nr);
      scmp_arg_cmp empty_path = {static_cast<unsigned>(spec->flags), SCMP_CMP_MASKED_EQ,
                                 AT_EMPTY_PATH, AT_EMPTY_PATH};
      rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &empty_path);
    } else if (find_syscall(nr) == nullptr) {
      rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    }
    if (rc != 0) return rc;
  }
  return 0;
}

}  // namespace

std::vector<int> native_syscall_numbers(const std::vector<std::string>& names) {
  std::vector<int> numbers;
  for (const auto& name : names) {
    // Negative: unknown, or a pseudo-syscall libseccomp keeps for another architecture.
    if (int nr = seccomp_syscall_resolve_name(name.c_str()); nr >= 0) numbers.push_back(nr);
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

int install_trace_filter(bool full, std::span<const int> granted, std::span<const int> in_kernel,
                         int* listener) {
  const std::uint32_t handed_over =
      listener != nullptr ? SCMP_ACT_NOTIFY : SCMP_ACT_TRACE(kNativeArchData);
  scmp_filter_ctx ctx = seccomp_init(full ? handed_over : SCMP_ACT_ALLOW);
  if (ctx == nullptr) return -ENOMEM;
  // Trace rather than kill foreign-architecture syscalls: the tracer warns about them.
  int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(kForeignArchData));
  // no_new_privs is the caller's decision (it must be off for setuid binaries when it can be).
  if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
  // A binary tree of syscall numbers rather than a linear list: every syscall the app makes
  // (traced or not) runs the filter. Best effort: older libseccomp builds a list.
  if (rc == 0) (void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  if (full && rc == 0) rc = allow_granted(ctx, granted);
  if (full) {
    for (int nr : in_kernel) {
      if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    }
  } else {
    for (const auto& spec : path_syscalls()) {
      if (rc != 0) break;
      if (std::find(in_kernel.begin(), in_kernel.end(), spec.nr) != in_kernel.end()) continue;
      // fstat is fstatat(fd, "", AT_EMPTY_PATH) in recent libcs: it names an fd the app already
      // opened (and the open was recorded), so it need not stop the tracee.
      if (is_fstat_in_disguise(spec.nr)) {
        scmp_arg_cmp no_empty_path = {static_cast<unsigned>(spec.flags), SCMP_CMP_MASKED_EQ,
                                      AT_EMPTY_PATH, 0};
        rc = seccomp_rule_add_array(ctx, handed_over, spec.nr, 1, &no_empty_path);
      } else {
        rc = seccomp_rule_add(ctx, handed_over, spec.nr, 0);
      }
    }
  }
  if (rc == 0 && listener == nullptr) {
    rc = seccomp_load(ctx);
  } else if (rc == 0) {
    int fd = load_with_listener(ctx);
    if (fd < 0) {
      rc = fd;
    } else {
      *listener = fd;
    }
  }
  seccomp_release(ctx);
  return rc;
}

}  // namespace minify::sensor
