#pragma once
// A service a test starts for itself (a TLS proxy, an sshd) and stops, however the test ends:
// SIGTERM to its process group when the object goes, then wait for it.

#include <sys/types.h>

#include <string>
#include <vector>

namespace minify::test {

class BackgroundProcess {
 public:
  // Starts `argv` (argv[0] searched in PATH) in its own process group; stdin is /dev/null and
  // its stdout and stderr go to `log`. Throws std::runtime_error when it cannot start.
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& log);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// A TCP port of 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
int free_tcp_port();

// Waits until something accepts connections on 127.0.0.1:`port`; throws std::runtime_error after
// `seconds`.
void wait_for_listener(int port, int seconds = 10);

}  // namespace minify::test
