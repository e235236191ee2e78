// fork_exec_chain DIR N (run by absolute path): opens DIR/level-N, then (N > 0) forks a child
// that execs this program (argv[0]) with N-1, waits for it and exits with its status + 1.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) return 100;
  int level = atoi(argv[2]);
  char path[4096];
  snprintf(path, sizeof path, "%s/level-%d", argv[1], level);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  if (level == 0) return 0;
  pid_t child = fork();
  if (child == 0) {
    char next[16];
    snprintf(next, sizeof next, "%d", level - 1);
    execl(argv[0], argv[0], argv[1], next, (char*)NULL);
    _exit(101);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) + 1 : 102;
}
