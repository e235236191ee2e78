// Tries two syscalls that Docker's default profile allows (ptrace always on a >= 4.8 kernel,
// unshare with CAP_SYS_ADMIN) and that no app under test makes, and prints what they returned:
// "ptrace=0 unshare=0" when allowed, "ptrace=-1 unshare=-1" for -EPERM.
#include "raw_syscall.h"

void _start(void) {
  // PTRACE_TRACEME (0): harmless, the tracer would be our parent, and we exit right away.
  write_result("ptrace", raw_syscall(kSysPtrace, 0, 0, 0));
  write_text(" ");
  // CLONE_NEWUTS: a new hostname namespace for this process only.
  write_result("unshare", raw_syscall(kSysUnshare, 0x04000000, 0, 0));
  write_text("\n");
  exit_group(0);
}
