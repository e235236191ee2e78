// readlinks DIR: readlink(2) in the ways whose paths the sensor must join right: an absolute
// path; a relative one just before a chdir; a relative one in a child process and in a thread
// that end at once, their cwd gone soon after.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// glibc's readlink() may become readlinkat(AT_FDCWD, ...): the syscall itself, as realpath makes it.
static void read_link(const char* path) {
  char target[256];
  syscall(SYS_readlink, path, target, sizeof target);
}

static void* thread_main(void* arg) {
  (void)arg;
  read_link("thread-link");  // DIR/thread-link
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const char* dir = argv[1];
  char path[4096];
  snprintf(path, sizeof path, "%s/abs-link", dir);
  read_link(path);

  snprintf(path, sizeof path, "%s/sub", dir);
  if (chdir(path) != 0) return 3;
  read_link("rel-link");  // DIR/sub/rel-link
  if (chdir(dir) != 0) return 4;

  pid_t child = fork();
  if (child == 0) {
    if (chdir("sub/deeper") != 0) _exit(5);
    read_link("child-link");  // DIR/sub/deeper/child-link
    _exit(0);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child || status != 0) return 6;

  pthread_t thread;
  if (pthread_create(&thread, NULL, thread_main, NULL) != 0) return 7;
  pthread_join(thread, NULL);
  return 0;
}
