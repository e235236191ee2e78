// signal_exit DIR MODE: creates DIR/ready, then waits for signals.
//   handle: on SIGTERM creates DIR/got-term and exits 42.
//   stay:   catches SIGTERM and carries on (the sensor must kill it after the grace period).
//   ignore: ignores SIGTERM (SIG_IGN: no handler, so as a container's first process natively it
//           would wait for the engine's SIGKILL).
//   winch:  on SIGWINCH (apache's stop signal) creates DIR/got-winch and exits 42.
//   usr1:   counts SIGUSR1 (creating DIR/usr1-N for the Nth), exits with the count on SIGTERM.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char* dir;
static volatile sig_atomic_t usr1_count = 0;

static void touch(const char* name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) close(fd);
}

static void on_term(int sig) {
  (void)sig;
  touch("got-term");
  _exit(42);
}
static void on_term_stay(int sig) {
  (void)sig;
  touch("got-term");
}
static void on_winch(int sig) {
  (void)sig;
  touch("got-winch");
  _exit(42);
}
static void on_usr1(int sig) {
  (void)sig;
  ++usr1_count;
  char name[32];
  snprintf(name, sizeof name, "usr1-%d", (int)usr1_count);
  touch(name);
}
static void on_term_count(int sig) {
  (void)sig;
  _exit(usr1_count);
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  dir = argv[1];
  if (strcmp(argv[2], "handle") == 0) {
    signal(SIGTERM, on_term);
  } else if (strcmp(argv[2], "stay") == 0) {
    signal(SIGTERM, on_term_stay);
  } else if (strcmp(argv[2], "ignore") == 0) {
    signal(SIGTERM, SIG_IGN);
  } else if (strcmp(argv[2], "winch") == 0) {
    signal(SIGWINCH, on_winch);
  } else {
    signal(SIGUSR1, on_usr1);
    signal(SIGTERM, on_term_count);
  }
  touch("ready");
  for (int i = 0; i < 600; ++i) sleep(1);
  return 1;
}
