#include "pack/image_loader.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace minify::pack {

namespace {

// Streams what `produce` writes into POST /images/load; returns what `produce` returned.
std::string load(
    const engine::Engine& engine,
    const std::function<std::string(const std::function<void(std::string_view)>&)>& produce,
    engine::Cancel cancel) {
  // A socket pair rather than a pipe: send(MSG_NOSIGNAL) turns a reader that gave up into EPIPE
  // instead of a SIGPIPE that would kill minify.
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  int reader = fds[0], writer = fds[1];

  std::exception_ptr produce_error;
  std::atomic<bool> produce_failed{false};
  std::string produced;
  std::thread producer([&] {
    try {
      produced = produce([&](std::string_view chunk) {
        while (!chunk.empty()) {
          ssize_t n = ::send(writer, chunk.data(), chunk.size(), MSG_NOSIGNAL);
          if (n < 0 && errno == EINTR) continue;
          if (n < 0)
            throw std::runtime_error(std::string("streaming the image: ") + std::strerror(errno));
          chunk.remove_prefix(static_cast<std::size_t>(n));
        }
      });
    } catch (...) {
      produce_error = std::current_exception();
      produce_failed = true;
    }
    ::shutdown(writer, SHUT_WR);
  });

  engine::ByteSource source = [&](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      ssize_t n = ::recv(reader, buffer, capacity, 0);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR)
        throw std::runtime_error(std::string("streaming the image: ") + std::strerror(errno));
    }
  };

  std::exception_ptr load_error;
  // Which side failed first: a producer that failed makes the load fail (a truncated stream);
  // a load that failed makes the producer fail (EPIPE). The first failure is the one to report.
  bool producer_first = false;
  try {
    engine.load_images(source, cancel);
  } catch (...) {
    load_error = std::current_exception();
    producer_first = produce_failed;
  }
  // Unblocks a producer still writing when the load stopped early.
  ::shutdown(reader, SHUT_RDWR);
  producer.join();
  ::close(reader);
  ::close(writer);
  if (load_error && !producer_first) std::rethrow_exception(load_error);
  if (produce_error) std::rethrow_exception(produce_error);
  return produced;
}

}  // namespace

std::string load_streamed_image(const engine::Engine& engine, const LayerStream& layer,
                                const std::function<std::string(const std::string&)>& config_for,
                                const std::vector<std::string>& repo_tags, engine::Cancel cancel) {
  return load(
      engine,
      [&](const std::function<void(std::string_view)>& sink) {
        return write_streamed_docker_archive(layer, config_for, repo_tags, sink);
      },
      cancel);
}

}  // namespace minify::pack
