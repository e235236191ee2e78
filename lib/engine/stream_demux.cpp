#include "engine/stream_demux.h"

#include <algorithm>

#include "engine/engine_error.h"

namespace minify::engine {

StreamDemux::StreamDemux(OutputSink sink) : sink_(std::move(sink)) {}

void StreamDemux::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    if (payload_left_ > 0) {
      size_t take = std::min<size_t>(payload_left_, bytes.size());
      sink_(current_, bytes.substr(0, take));
      payload_left_ -= static_cast<uint32_t>(take);
      bytes.remove_prefix(take);
      continue;
    }
    size_t take = std::min(header_.size() - header_filled_, bytes.size());
    std::copy_n(bytes.data(), take, header_.data() + header_filled_);
    header_filled_ += take;
    bytes.remove_prefix(take);
    if (header_filled_ < header_.size()) return;
    header_filled_ = 0;
    if (header_[0] > 2 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0) {
      throw EngineError(ErrorKind::kProtocol,
                        "the engine's output stream is not multiplexed as expected (bad frame "
                        "header; is the container's TTY on?)");
    }
    current_ = static_cast<StreamKind>(header_[0]);
    payload_left_ = (uint32_t{header_[4]} << 24) | (uint32_t{header_[5]} << 16) |
                    (uint32_t{header_[6]} << 8) | uint32_t{header_[7]};
  }
}

void StreamDemux::finish() const {
  if (header_filled_ != 0 || payload_left_ != 0) {
    throw EngineError(ErrorKind::kProtocol,
                      "the engine's output stream ended in the middle of a frame");
  }
}

}  // namespace minify::engine
