#pragma once
// Internal to lib/pipeline: watches for one agreed line in output that arrives in pieces split
// anywhere (a followed container's stdout: `sensor pack --hold`'s done line, or its streaming
// line). Keeps at most the line's length (plus one byte) of the current line, whatever the output
// holds.

#include <string>
#include <string_view>

namespace minify::pipeline {

class LineWatch {
 public:
  explicit LineWatch(std::string line) : line_(std::move(line)) {}

  // Reads the next piece of output. True once a whole line (ended by '\n') equal to the awaited
  // one has been read, and from then on; a line that only starts or ends with it does not count.
  bool feed(std::string_view bytes);
  bool seen() const { return seen_; }

 private:
  std::string line_;
  std::string current_;  // the current line so far, cut one byte past the awaited line's length
  bool seen_ = false;
};

}  // namespace minify::pipeline
