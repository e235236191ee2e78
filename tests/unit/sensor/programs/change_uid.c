// change_uid DIR: drops from root to uid/gid 65534 by itself, then opens DIR/after-setuid: a
// process that changes its uid stays traced.
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) return 3;
  char path[4096];
  snprintf(path, sizeof path, "%s/after-setuid", argv[1]);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  return getuid() == 65534 ? 0 : 4;
}
