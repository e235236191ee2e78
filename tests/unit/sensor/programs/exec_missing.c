// exec_missing DIR: tries to exec DIR/no-such-program (absolute), then no-such-relative after
// a chdir to DIR, then exits 7.
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/no-such-program", argv[1]);
  char* args[] = {path, NULL};
  execv(path, args);
  if (chdir(argv[1]) != 0) return 3;
  execv("./no-such-relative", args);
  return 7;
}
