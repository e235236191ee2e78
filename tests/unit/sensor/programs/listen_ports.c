// Opens TCP listening sockets in a known order, plus sockets that must not count: a UDP socket
// bound to a port, and a TCP socket bound but never listening. The last one is bound by the
// parent and listened on by a forked child (pre-fork servers). Ports: argv[1], argv[1]+1, ...
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int bound(int family, int type, int port) {
  int fd = socket(family, type, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc;
  if (family == AF_INET6) {
    struct sockaddr_in6 a = {0};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    rc = bind(fd, (struct sockaddr*)&a, sizeof a);
  } else {
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = bind(fd, (struct sockaddr*)&a, sizeof a);
  }
  if (fd < 0 || rc != 0) {
    perror("bind");
    exit(1);
  }
  return fd;
}

int main(int argc, char** argv) {
  int base = argc > 1 ? atoi(argv[1]) : 38970;
  int v6 = bound(AF_INET6, SOCK_STREAM, base + 1);
  int v4 = bound(AF_INET, SOCK_STREAM, base);
  bound(AF_INET, SOCK_DGRAM, base + 2);
  bound(AF_INET, SOCK_STREAM, base + 3);  // never listens
  int inherited = bound(AF_INET, SOCK_STREAM, base + 4);
  if (listen(v6, 8) != 0 || listen(v4, 8) != 0) return 1;
  listen(v4, 8);  // listening again on a port adds nothing
  pid_t child = fork();
  if (child == 0) {
    int copy = dup(inherited);
    return listen(copy, 8) == 0 ? 0 : 1;
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
