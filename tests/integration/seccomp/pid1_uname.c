// Calls uname only when it runs as PID 1, as it does in a plain container but not under the
// sensor (which is PID 1 there): the analysis run never sees that syscall, so under the profile
// the plain run answers differently ("uname=-1" instead of "uname=0"). Verify must catch it.
#include "raw_syscall.h"

void _start(void) {
  long result = 0;
  if (raw_syscall(kSysGetpid, 0, 0, 0) == 1) {
    char utsname[6 * 65];
    result = raw_syscall(kSysUname, (long)utsname, 0, 0);
  }
  write_result("uname", result);
  write_text("\n");
  exit_group(0);
}
