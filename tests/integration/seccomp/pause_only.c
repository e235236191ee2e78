// Says it is up, then waits in pause() until killed: a long-running app making three syscalls
// (write, pause, and exit_group should pause ever return), for exec'ing other programs beside it.
#include "raw_syscall.h"

void _start(void) {
  write_text("up\n");
  raw_syscall(kSysPause, 0, 0, 0);
  exit_group(0);
}
