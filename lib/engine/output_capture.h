#pragma once
// Collects what a container writes (logs, exec output) within a bound: a container may write
// without end, and minify's memory must not follow it. Each stream keeps at most
// `max_bytes`, its first bytes or (for an error message's tail) its last ones; the rest is counted
// in CapturedOutput::dropped.

#include <cstddef>
#include <string_view>

#include "engine/stream_demux.h"

namespace minify::engine {

// Enough for any output minify compares or shows, far below what would hurt.
inline constexpr std::size_t kDefaultOutputBytes = std::size_t{16} << 20;

struct OutputLimit {
  std::size_t max_bytes = kDefaultOutputBytes;  // per stream
  bool keep_last = false;                       // the last max_bytes, else the first
};

class OutputCapture {
 public:
  explicit OutputCapture(OutputLimit limit) : limit_(limit) {}
  void add(StreamKind kind, std::string_view bytes);
  // What was kept; the capture is empty afterwards.
  CapturedOutput take();

 private:
  OutputLimit limit_;
  CapturedOutput output_;
};

}  // namespace minify::engine
