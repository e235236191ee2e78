#include "pipeline/line_watch.h"

namespace minify::pipeline {

bool LineWatch::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (seen_) break;
    if (c == '\n') {
      seen_ = current_ == line_;
      current_.clear();
    } else if (current_.size() <= line_.size()) {
      current_ += c;  // one byte past the line's length is enough to tell it is another line
    }
  }
  return seen_;
}

}  // namespace minify::pipeline
