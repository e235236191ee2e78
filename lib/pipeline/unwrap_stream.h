#pragma once
// Internal to lib/pipeline: the first regular file of a tar that arrives in chunks (the archive
// API's answer to GET /containers/{id}/archive), handed on as the chunks come: no copy of the
// wrapping tar nor of the file is kept, so the kept bytes go from the pack container to the
// engine's load without touching minify's disk. libarchive reads the tar on a thread of this
// object's own, from a socket pair the chunks are written into; the caller's thread is the one
// that talks to the engine (and sees Ctrl-C).

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace minify::pipeline {

class UnwrapStream {
 public:
  // Up to `capacity` bytes of the file into `buffer`; 0 at its end.
  using Read = std::function<std::size_t(char* buffer, std::size_t capacity)>;
  // Told the file's size, reads it to its end with `read`; runs on the reader thread. What it
  // throws is what write() and finish() throw.
  using Consumer = std::function<void(std::int64_t size, const Read& read)>;

  // `what` names the file in errors ("the keep-set tar").
  UnwrapStream(std::string what, Consumer consume);
  // Stops the reader when finish() was not reached (an error, Ctrl-C), `consume` included.
  ~UnwrapStream();
  UnwrapStream(const UnwrapStream&) = delete;
  UnwrapStream& operator=(const UnwrapStream&) = delete;

  // The next chunk of the tar. Throws the reader's error (a corrupt tar, a failed write) once it
  // stopped.
  void write(std::string_view chunk);
  // The end of the tar: waits until `consume` has returned. Throws std::runtime_error naming
  // `what` when the tar held no regular file, was corrupt or cut short, or `consume` did not read
  // the file to its end.
  void finish();

 private:
  void read();  // the reader thread
  void stop();

  std::string what_;
  Consumer consume_;
  int reader_fd_ = -1;
  int writer_fd_ = -1;
  std::exception_ptr error_;  // the reader's; read once it is joined
  std::thread reader_;
};

}  // namespace minify::pipeline
