// threads DIR: four threads each open DIR/thread-I while the main thread opens DIR/main.
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static const char* dir;

static void* work(void* arg) {
  char path[4096];
  snprintf(path, sizeof path, "%s/thread-%d", dir, (int)(intptr_t)arg);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  dir = argv[1];
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, work, (void*)(intptr_t)i);
  char path[4096];
  snprintf(path, sizeof path, "%s/main", dir);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  return 0;
}
