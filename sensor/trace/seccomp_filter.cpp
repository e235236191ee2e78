#include "trace/seccomp_filter.h"

#include <fcntl.h>
#include <seccomp.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstdint>

#include "trace/syscall_table.h"

namespace minify::sensor {
namespace {

bool is_fstat_in_disguise(int nr) {
#ifdef SYS_newfstatat
  if (nr == SYS_newfstatat) return true;
#endif
  return nr == SYS_statx;
}

}  // namespace

int install_trace_filter(bool full, int* listener) {
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
  if (!full) {
    for (const auto& spec : path_syscalls()) {
      if (rc != 0) break;
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
  if (rc == 0) rc = seccomp_load(ctx);
  if (rc == 0 && listener != nullptr) {
    *listener = seccomp_notify_fd(ctx);  // libseccomp keeps it open past seccomp_release
    if (*listener < 0) rc = *listener;
  }
  seccomp_release(ctx);
  return rc;
}

}  // namespace minify::sensor
