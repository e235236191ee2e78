// Touches files in DIR through a dirfd, relative names, a chdir and a unix socket, one syscall
// family each, so that the test can assert the exact path and operation the sensor records.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (dir < 0) return 3;
  int fd = openat(dir, "sub/read-me", O_RDONLY);
  if (fd >= 0) close(fd);
  fd = openat(dir, ".//created", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) close(fd);
  struct stat st;
  fstatat(dir, "sub/../stat-me", &st, 0);  // ".." is kept as named
  char target[64];
  readlinkat(dir, "link", target, sizeof target);
  mkdirat(dir, "new-dir", 0755);
  renameat(dir, "rename-from", dir, "rename-to");
  unlinkat(dir, "unlink-me", 0);
  faccessat(dir, "access-me", R_OK, 0);
  if (chdir(argv[1]) != 0) return 4;
  fd = open("./sub/after-chdir", O_RDWR);
  if (fd >= 0) close(fd);
  truncate("truncate-me", 0);
  symlink("anything", "symlink-made");

  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  strcpy(address.sun_path, "sock");
  bind(sock, (struct sockaddr*)&address, sizeof address);
  close(sock);
  sock = socket(AF_UNIX, SOCK_STREAM, 0);
  memset(address.sun_path, 0, sizeof address.sun_path);
  strcpy(address.sun_path + 1, "abstract-not-a-file");
  connect(sock, (struct sockaddr*)&address, sizeof address);
  close(sock);
  return 0;
}
