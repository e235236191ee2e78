#include "engine/output_capture.h"

#include <algorithm>

namespace minify::engine {

void OutputCapture::add(StreamKind kind, std::string_view bytes) {
  std::string& text = kind == StreamKind::kStderr ? output_.err : output_.out;
  if (!limit_.keep_last) {
    std::size_t room = limit_.max_bytes - std::min(limit_.max_bytes, text.size());
    std::size_t kept = std::min(room, bytes.size());
    text.append(bytes.substr(0, kept));
    output_.dropped += bytes.size() - kept;
    return;
  }
  // A tail: drop from the front in batches (up to twice the limit is held), not on every chunk.
  if (bytes.size() > limit_.max_bytes) {
    output_.dropped += text.size() + bytes.size() - limit_.max_bytes;
    text.assign(bytes.substr(bytes.size() - limit_.max_bytes));
    return;
  }
  text.append(bytes);
  if (text.size() > 2 * limit_.max_bytes) {
    output_.dropped += text.size() - limit_.max_bytes;
    text.erase(0, text.size() - limit_.max_bytes);
  }
}

CapturedOutput OutputCapture::take() {
  for (std::string* text : {&output_.out, &output_.err}) {
    if (!limit_.keep_last || text->size() <= limit_.max_bytes) continue;
    output_.dropped += text->size() - limit_.max_bytes;
    text->erase(0, text->size() - limit_.max_bytes);
  }
  CapturedOutput out = std::move(output_);
  output_ = {};
  return out;
}

}  // namespace minify::engine
