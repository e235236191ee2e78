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

// Streams what `produce` writes into the engine call `send` makes of it (a load or an import);
// returns what `produce` returned.
std::string stream_into(
    const std::function<void(const engine::ByteSource&)>& send,
    const std::function<std::string(const std::function<void(std::string_view)>&)>& produce) {
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
    auto send_all = [&](std::string_view bytes) {
      while (!bytes.empty()) {
        ssize_t n = ::send(writer, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
          throw std::runtime_error(std::string("streaming the image: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<std::size_t>(n));
      }
    };
    // The layer arrives in the pieces the archive API's answer is read in (4 KiB: cpp-httplib's
    // receive buffer); sent on one by one, each would be a syscall here and there and a chunk of
    // its own in the upload, which cost as much CPU as the engine's own work on the bytes.
    constexpr std::size_t kBatch = 256 * 1024;
    std::string batch;
    batch.reserve(kBatch);
    try {
      produced = produce([&](std::string_view chunk) {
        if (batch.size() + chunk.size() > kBatch) {
          send_all(batch);
          batch.clear();
        }
        if (chunk.size() >= kBatch) {
          send_all(chunk);
        } else {
          batch.append(chunk);
        }
      });
      send_all(batch);
    } catch (...) {
      produce_error = std::current_exception();
      produce_failed = true;
    }
    ::shutdown(writer, SHUT_WR);
  });

  // Whole buffers (up to the end), so that the upload's chunks are as large as the engine's
  // transport asks for.
  engine::ByteSource source = [&](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      ssize_t n = ::recv(reader, buffer, capacity, MSG_WAITALL);
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
    send(source);
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
  return stream_into([&](const engine::ByteSource& source) { engine.load_images(source, cancel); },
                     [&](const std::function<void(std::string_view)>& sink) {
                       return write_streamed_docker_archive(layer, config_for, repo_tags, sink);
                     });
}

std::string import_streamed_layer(const engine::Engine& engine, const LayerStream& layer,
                                  const std::string& import_reference, engine::Cancel cancel) {
  std::string imported_id;
  stream_into(
      [&](const engine::ByteSource& source) {
        imported_id = engine.import_image(source, import_reference, cancel);
      },
      [&](const std::function<void(std::string_view)>& sink) {
        return layer([](std::int64_t) {}, sink);
      });
  return imported_id;
}

std::string load_layerless_image(const engine::Engine& engine, const ArchiveImage& image,
                                 engine::Cancel cancel) {
  std::string archive;
  write_layerless_docker_archive(image, [&](std::string_view chunk) { archive.append(chunk); });
  engine.load_images(engine::source_of(archive), cancel);
  return image_id(image);
}

}  // namespace minify::pack
