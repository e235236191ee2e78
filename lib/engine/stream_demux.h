#pragma once
// The engine's multiplexed stream (logs and exec output of a container without a TTY): frames of
// an 8-byte header {stream type, 0, 0, 0, big-endian uint32 length} followed by that many bytes.
// Pure and incremental: feed it whatever chunks the socket gives, split anywhere.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace minify::engine {

enum class StreamKind : uint8_t { kStdin = 0, kStdout = 1, kStderr = 2 };

// Receives the payload of a frame, possibly in several pieces (never across two frames).
using OutputSink = std::function<void(StreamKind kind, std::string_view bytes)>;

// stdout and stderr of a finished command, collected within an OutputLimit (output_capture.h).
struct CapturedOutput {
  std::string out;
  std::string err;
  std::uint64_t dropped = 0;  // bytes of either stream past the limit, counted but not kept
};

class StreamDemux {
 public:
  explicit StreamDemux(OutputSink sink);

  // Consumes `bytes`. Throws EngineError (kProtocol) on a header whose type is not 0/1/2 or whose
  // padding is not zero: the stream is then not multiplexed (a TTY stream read as multiplexed).
  void feed(std::string_view bytes);

  // Call at end of stream: throws EngineError (kProtocol) when it ended inside a frame.
  void finish() const;

 private:
  OutputSink sink_;
  std::array<unsigned char, 8> header_{};
  size_t header_filled_ = 0;
  uint32_t payload_left_ = 0;
  StreamKind current_ = StreamKind::kStdout;
};

}  // namespace minify::engine
