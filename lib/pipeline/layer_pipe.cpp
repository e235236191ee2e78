#include "pipeline/layer_pipe.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

#include "pipeline/interrupted.h"
#include "protocol/sensor_protocol.h"

namespace minify::pipeline {
namespace {

// How often a wait for bytes looks at Ctrl-C.
constexpr int kPollMs = 100;

std::runtime_error pipe_error(const std::string& what, const std::filesystem::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// "/.minify/layer-5f3a09c1d2e4b870.pipe": 64 random bits.
std::string random_target() {
  std::random_device random;
  char name[32];
  std::snprintf(name, sizeof name, "%08x%08x.pipe", static_cast<unsigned>(random()),
                static_cast<unsigned>(random()));
  return std::string(protocol::kLayerPipePrefix) + name;
}

}  // namespace

LayerPipe::LayerPipe(const std::filesystem::path& dir)
    : path_(dir / "layer.pipe"), target_(random_target()) {
  if (::mkfifo(path_.c_str(), 0600) != 0) throw pipe_error("cannot make the pipe", path_);
  // Writable by others too: the pack container's root is not its owner when minify runs as a
  // user of the engine's group, and holds no CAP_DAC_OVERRIDE. Nobody else on this machine
  // reaches it: the build's folder is its user's alone (0700); the engine mounts it by name.
  if (::chmod(path_.c_str(), 0622) != 0)
    throw pipe_error("cannot open the pipe to its writer", path_);
  // O_NONBLOCK: an open for reading would otherwise wait for a writer.
  fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw pipe_error("cannot open the pipe", path_);
}

LayerPipe::~LayerPipe() {
  ::close(fd_);
}

nlohmann::json LayerPipe::mount() const {
  return {{"Type", "bind"}, {"Source", path_.string()}, {"Target", target_}};
}

std::size_t LayerPipe::read(char* buffer, std::size_t capacity, std::chrono::milliseconds idle,
                            const std::atomic<bool>* cancel) {
  if (!ahead_.empty()) {
    const std::size_t n = std::min(capacity, ahead_.size());
    std::memcpy(buffer, ahead_.data(), n);
    ahead_.erase(0, n);
    return n;
  }
  const auto deadline = std::chrono::steady_clock::now() + idle;
  for (;;) {
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN) throw pipe_error("cannot read the pipe", path_);
    throw_if_cancelled(cancel);
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("the pack container sent nothing into the pipe for --timeout");
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, kPollMs) < 0 && errno != EINTR)
      throw pipe_error("cannot wait on the pipe", path_);
  }
}

std::optional<std::string> LayerPipe::read_line(std::size_t max_bytes,
                                                std::chrono::milliseconds idle,
                                                const std::atomic<bool>* cancel) {
  std::string line;
  std::string buffer(64 * 1024, '\0');
  for (;;) {
    const std::size_t n = read(buffer.data(), buffer.size(), idle, cancel);
    if (n == 0) throw std::runtime_error("the pack container closed the pipe within a line");
    const auto end =
        std::find(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n), '\n');
    line.append(buffer.begin(), end);
    if (line.size() > max_bytes) return std::nullopt;
    if (end != buffer.begin() + static_cast<std::ptrdiff_t>(n)) {
      ahead_.assign(end + 1, buffer.begin() + static_cast<std::ptrdiff_t>(n));
      return line;
    }
  }
}

}  // namespace minify::pipeline
