// daemonize DIR: the classic double fork. The original process exits 0 at once; the daemon,
// reparented away from it, opens DIR/daemon-was-here a moment later and exits.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (fork() != 0) return 0;
  setsid();
  if (fork() != 0) _exit(0);
  usleep(300 * 1000);
  char path[4096];
  snprintf(path, sizeof path, "%s/daemon-was-here", argv[1]);
  int fd = open(path, O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) close(fd);
  return 0;
}
