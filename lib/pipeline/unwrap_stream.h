#pragma once
// Internal to lib/pipeline: the first regular file of a tar that arrives in chunks (the archive
// API's answer to GET /containers/{id}/archive), written to a file as the chunks come. No copy of
// the wrapping tar is kept: the kept bytes go from the engine to disk once. libarchive reads the
// tar on a thread of this object's own, from a socket pair the chunks are written into; the
// caller's thread is the one that talks to the engine (and sees Ctrl-C).

#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

namespace minify::pipeline {

class UnwrapStream {
 public:
  // Creates (truncates) `out`. `what` names the file in errors ("the keep-set tar").
  UnwrapStream(std::filesystem::path out, std::string what);
  // Stops the reader when finish() was not reached (an error, Ctrl-C); `out` is left as it is,
  // for its directory's owner to remove.
  ~UnwrapStream();
  UnwrapStream(const UnwrapStream&) = delete;
  UnwrapStream& operator=(const UnwrapStream&) = delete;

  // The next chunk of the tar. Throws the reader's error (a corrupt tar, a failed write) once it
  // stopped.
  void write(std::string_view chunk);
  // The end of the tar: waits until the file is written. Throws std::runtime_error naming `what`
  // when the tar held no regular file or was corrupt or cut short.
  void finish();

 private:
  void read();  // the reader thread
  void stop();

  std::filesystem::path out_;
  std::string what_;
  int reader_fd_ = -1;
  int writer_fd_ = -1;
  std::exception_ptr error_;  // the reader's; read once it is joined
  std::thread reader_;
};

}  // namespace minify::pipeline
