// signal_storm FILE: stats and opens FILE 20000 times while a SIGALRM handler without SA_RESTART
// fires every 100 us, then blocks reading an empty pipe until the next alarm. Natively no stat or
// open of a file fails with EINTR, and the read does. Prints "stat/open EINTR: N, read: R" and
// exits 0 when N is 0 and the read failed with EINTR.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static void on_alarm(int sig) {
  (void)sig;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;  // no SA_RESTART
  sigaction(SIGALRM, &action, NULL);
  struct itimerval timer = {{0, 100}, {0, 100}};
  setitimer(ITIMER_REAL, &timer, NULL);
  int interrupted = 0;
  for (int i = 0; i < 20000; ++i) {
    struct stat st;
    if (stat(argv[1], &st) != 0 && errno == EINTR) ++interrupted;
    int fd = open(argv[1], O_RDONLY);
    if (fd >= 0) {
      close(fd);
    } else if (errno == EINTR) {
      ++interrupted;
    }
  }
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 3;
  char byte;
  ssize_t n = read(pipe_fds[0], &byte, 1);
  const char* read_result = n < 0 && errno == EINTR ? "EINTR" : "other";
  printf("stat/open EINTR: %d, read: %s\n", interrupted, read_result);
  return interrupted == 0 && n < 0 && errno == EINTR ? 0 : 1;
}
