#include "pipeline/unwrap_stream.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace minify::pipeline {
namespace {

struct ReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown error";
}

}  // namespace

UnwrapStream::UnwrapStream(std::string what, Consumer consume)
    : what_(std::move(what)), consume_(std::move(consume)) {
  // A socket pair rather than a pipe: send(MSG_NOSIGNAL) turns a reader that stopped into EPIPE
  // instead of a SIGPIPE that would kill minify.
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  reader_fd_ = fds[0];
  writer_fd_ = fds[1];
  reader_ = std::thread([this] { read(); });
}

UnwrapStream::~UnwrapStream() {
  stop();
}

void UnwrapStream::stop() {
  if (reader_.joinable()) {
    // Unblocks a reader waiting for bytes (it sees the end, or an error).
    ::shutdown(writer_fd_, SHUT_RDWR);
    ::shutdown(reader_fd_, SHUT_RDWR);
    reader_.join();
  }
  if (reader_fd_ >= 0) ::close(reader_fd_);
  if (writer_fd_ >= 0) ::close(writer_fd_);
  reader_fd_ = writer_fd_ = -1;
}

void UnwrapStream::read() {
  try {
    std::unique_ptr<archive, ReadFree> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_fd(a.get(), reader_fd_, 64 * 1024) != ARCHIVE_OK)
      throw std::runtime_error(what_ + ": " + message(a.get()));
    archive_entry* e = nullptr;
    int r;
    while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)
      if (archive_entry_filetype(e) == AE_IFREG) break;
    if (r == ARCHIVE_EOF) throw std::runtime_error(what_ + ": the engine's tar holds no file");
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      throw std::runtime_error(what_ + ": corrupt tar from the engine: " + message(a.get()));
    const la_int64_t size = archive_entry_size(e);
    la_int64_t read_so_far = 0;
    bool at_end = false;
    consume_(size, [&](char* buffer, std::size_t capacity) -> std::size_t {
      la_ssize_t n = archive_read_data(a.get(), buffer, capacity);
      if (n < 0) throw std::runtime_error(what_ + ": " + message(a.get()));
      read_so_far += n;
      at_end = n == 0;
      return static_cast<std::size_t>(n);
    });
    if (!at_end || read_so_far != size)
      throw std::runtime_error(what_ + ": " + std::to_string(read_so_far) + " of its " +
                               std::to_string(size) + " bytes were read");
    std::vector<char> buffer(64 * 1024);
    // The rest (the tar's end blocks) is read and dropped, so that the writer never waits on a
    // reader that is done.
    while (::read(reader_fd_, buffer.data(), buffer.size()) > 0) {
    }
  } catch (...) {
    error_ = std::current_exception();
    // The writer's next send fails (EPIPE) rather than waiting for room that never comes.
    ::shutdown(reader_fd_, SHUT_RDWR);
  }
}

void UnwrapStream::write(std::string_view chunk) {
  while (!chunk.empty()) {
    ssize_t n = ::send(writer_fd_, chunk.data(), chunk.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int failure = errno;
      stop();
      if (error_) std::rethrow_exception(error_);
      throw std::runtime_error(what_ + ": " + std::strerror(failure));
    }
    chunk.remove_prefix(static_cast<std::size_t>(n));
  }
}

void UnwrapStream::finish() {
  ::shutdown(writer_fd_, SHUT_WR);
  if (reader_.joinable()) reader_.join();
  stop();
  if (error_) std::rethrow_exception(error_);
}

}  // namespace minify::pipeline
