// Opens TCP listening sockets in a known order, plus sockets that must not count: a UDP socket
// bound to a port, a TCP socket bound but never listening, and one listening on the loopback
// address only (a backend behind the app's own proxy). The last counted one is bound by the
// parent and listened on by a forked child (pre-fork servers). Ports: argv[1], argv[1]+1, ...
// The test runs it (and the sensor) in a network namespace of their own, so that its wildcard
// binds reach no network.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

// A new network namespace has its loopback device down: bring it up for the loopback binds.
static void loopback_up(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) exit(3);
  ifr.ifr_flags |= IFF_UP;
  if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) exit(3);
  close(fd);
}

static int bound_to(int family, int type, int port, int loopback) {
  int fd = socket(family, type, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc;
  if (family == AF_INET6) {
    struct sockaddr_in6 a = {0};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = loopback ? in6addr_loopback : in6addr_any;
    rc = bind(fd, (struct sockaddr*)&a, sizeof a);
  } else {
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(loopback ? INADDR_LOOPBACK : INADDR_ANY);
    rc = bind(fd, (struct sockaddr*)&a, sizeof a);
  }
  if (fd < 0 || rc != 0) {
    perror("bind");
    exit(1);
  }
  return fd;
}

static int bound(int family, int type, int port) {
  return bound_to(family, type, port, 0);
}

int main(int argc, char** argv) {
  int base = argc > 1 ? atoi(argv[1]) : 38970;
  loopback_up();
  int backend = bound_to(AF_INET, SOCK_STREAM, base + 5, 1);
  if (listen(backend, 8) != 0) return 1;  // first, yet no port to probe
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
