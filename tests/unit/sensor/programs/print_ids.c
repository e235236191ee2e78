// print_ids: prints "uid gid g1,g2,..." (real ids and supplementary groups) and $HOME.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  gid_t groups[64];
  int n = getgroups(64, groups);
  printf("%d %d ", (int)getuid(), (int)getgid());
  for (int i = 0; i < n; ++i) printf(i ? ",%d" : "%d", (int)groups[i]);
  const char* home = getenv("HOME");
  printf(" %s\n", home ? home : "-");
  return 0;
}
