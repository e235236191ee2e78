// vfork_exec DIR: vforks a child that execs this program again (`vfork_exec DIR child`), which
// opens DIR/child-file; then opens DIR/parent-file itself. Both names are built in the same
// global buffer, at the same address in both programs (built without PIE): a sensor that read the
// child's path from the address space it shared with its parent before the exec would record
// parent-file for the child, and never child-file.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static char name[4096];

static int open_named(const char* dir, const char* file) {
  snprintf(name, sizeof name, "%s/%s", dir, file);
  int fd = open(name, O_RDONLY);
  if (fd < 0) return 1;
  close(fd);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3) return open_named(argv[1], "child-file");
  if (argc != 2) return 2;
  snprintf(name, sizeof name, "%s/parent-file", argv[1]);
  pid_t child = vfork();
  if (child == 0) {
    execl("/proc/self/exe", argv[0], argv[1], "child", (char*)NULL);
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) return 3;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 4;
  return open_named(argv[1], "parent-file");
}
