#include "xray/engine_export.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>

#include "image/byte_reader.h"
#include "xray/xray_error.h"

namespace minify::xray {

image::Image read_from_engine(const engine::EngineClient& client, const std::string& reference,
                              image::ReadOptions options) {
  options.reference = reference;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw XrayError(std::string("pipe: ") + std::strerror(errno));
  }
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);  // fewer wake-ups; the default 64 KiB is fine too
  std::atomic<bool> cancel{false};
  std::atomic<bool> export_failed_first{false};
  std::exception_ptr export_error;
  std::thread exporter([&] {
    // A reader that stops early closes the pipe: let write() fail with EPIPE, not kill us.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    try {
      client.export_image(
          reference,
          [&](std::string_view chunk) {
            while (!chunk.empty()) {
              ssize_t n = ::write(fds[1], chunk.data(), chunk.size());
              if (n < 0 && errno == EINTR) continue;
              if (n < 0) throw std::runtime_error("the image reader stopped");
              chunk.remove_prefix(static_cast<std::size_t>(n));
            }
          },
          &cancel);
    } catch (...) {
      export_error = std::current_exception();
      if (!cancel) export_failed_first = true;
    }
    ::close(fds[1]);
  });
  auto stop_exporter = [&] {
    cancel = true;
    ::close(fds[0]);
    exporter.join();
  };
  image::Image image;
  try {
    image = image::read_image(image::fd_reader(fds[0]), options);
    // The tar's end marker can come before the engine's last bytes (padding): drain them.
    char sink[64 * 1024];
    while (image::fd_reader(fds[0])(sink, sizeof sink) > 0) {
    }
  } catch (...) {
    stop_exporter();
    // A truncated read is the engine's fault when its export failed first: say what it said.
    if (export_failed_first && export_error) std::rethrow_exception(export_error);
    throw;
  }
  stop_exporter();
  if (export_error) std::rethrow_exception(export_error);
  return image;
}

}  // namespace minify::xray
