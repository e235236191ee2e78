// with_listener PROGRAM ARGS...: runs PROGRAM under a seccomp filter that already has a listener
// (on acct(2), which nothing calls), kept open across exec. The kernel then refuses a second
// listener below it (EBUSY): the sensor must fall back to ptrace stops.
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_acct, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {sizeof code / sizeof code[0], code};
  int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                              SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (listener < 0 || fcntl(listener, F_SETFD, 0) != 0) {
    perror("with_listener: seccomp");
    return 3;
  }
  execv(argv[1], argv + 1);
  perror("with_listener: exec");
  return 4;
}
