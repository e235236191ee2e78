#pragma once
// A Podman engine of the test's own: `podman system service` as root on a unix socket in a temp
// dir, with its own storage, run state, temp dir and network config (so it touches no other
// Podman state on the machine), and images copied in from the Docker engine with skopeo. Stopped,
// and everything it stored removed, with the object.

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace minify::test {

class PodmanService {
 public:
  // Throws std::runtime_error when podman is missing or the service does not answer.
  PodmanService();
  ~PodmanService();
  PodmanService(const PodmanService&) = delete;
  PodmanService& operator=(const PodmanService&) = delete;

  // "DOCKER_HOST=unix:///.../podman.sock"
  std::string docker_host() const { return "DOCKER_HOST=unix://" + socket_; }

  // Copies `image` from the Docker engine into this Podman's storage (skopeo).
  void copy_from_docker(const std::string& image) const;

  // `podman ARGS...` against this service's storage.
  ProcessResult podman(const std::vector<std::string>& args) const;

 private:
  std::vector<std::string> global_flags() const;

  TempDir dir_;
  std::string socket_;
  pid_t pid_ = -1;
};

}  // namespace minify::test
