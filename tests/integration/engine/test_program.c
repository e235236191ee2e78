/* The one program of the engine tests' FROM-scratch image: static, so the image needs nothing
 * else. Each mode exercises one thing the client must carry back from a container. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc >= 5 && strcmp(argv[1], "say") == 0) { /* say OUT ERR CODE */
    printf("%s\n", argv[2]);
    fflush(stdout);
    fprintf(stderr, "%s\n", argv[3]);
    return atoi(argv[4]);
  }
  if (argc >= 4 && strcmp(argv[1], "hold") == 0) { /* hold LINE SECONDS: say, then run on */
    printf("%s\n", argv[2]);
    fflush(stdout);
    sleep((unsigned)atoi(argv[3]));
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "sleep") == 0) { /* sleep SECONDS */
    sleep((unsigned)atoi(argv[2]));
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "whoami") == 0) { /* uid, cwd and $GREETING */
    char cwd[4096];
    const char* greeting = getenv("GREETING");
    printf("uid=%d cwd=%s greeting=%s\n", (int)getuid(), getcwd(cwd, sizeof cwd) ? cwd : "?",
           greeting ? greeting : "");
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "cat") == 0) { /* cat FILE */
    FILE* file = fopen(argv[2], "rb");
    if (!file) {
      perror(argv[2]);
      return 1;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, file)) > 0) fwrite(buffer, 1, n, stdout);
    fclose(file);
    return 0;
  }
  fprintf(stderr, "usage: prog say OUT ERR CODE | hold LINE N | sleep N | whoami | cat FILE\n");
  return 2;
}
