// readlink_storm DIR COUNT: COUNT readlink(2) calls on 1000 long names in DIR, link-000... to
// link-999 (each name padded to about 150 bytes), with no other syscall between them: far more
// bytes than the sensor's eBPF ring buffer holds, so that the ring wraps around several times.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  static char paths[1000][4096];
  for (int i = 0; i < 1000; ++i) {
    snprintf(paths[i], sizeof paths[i], "%s/link-%03d-%0150d", argv[1], i, 0);
  }
  long count = strtol(argv[2], NULL, 10);
  char target[64];
  for (long n = 0; n < count; ++n) syscall(SYS_readlink, paths[n % 1000], target, sizeof target);
  return 0;
}
