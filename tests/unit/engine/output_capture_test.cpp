#include "engine/output_capture.h"

#include <doctest/doctest.h>

#include <string>

using minify::engine::OutputCapture;
using minify::engine::OutputLimit;
using minify::engine::StreamKind;

TEST_CASE("a capture keeps the first bytes of each stream and counts the rest") {
  OutputCapture capture(OutputLimit{4, false});
  capture.add(StreamKind::kStdout, "abc");
  capture.add(StreamKind::kStdout, "defg");
  capture.add(StreamKind::kStderr, "12");
  capture.add(StreamKind::kStdout, "hij");
  auto out = capture.take();
  CHECK(out.out == "abcd");
  CHECK(out.err == "12");
  CHECK(out.dropped == 6);
}

TEST_CASE("a tail keeps the last bytes, whatever the chunks") {
  OutputCapture capture(OutputLimit{5, true});
  for (char c = 'a'; c <= 'z'; ++c) capture.add(StreamKind::kStderr, std::string(1, c));
  capture.add(StreamKind::kStdout, "0123456789");
  capture.add(StreamKind::kStdout, "xy");
  auto out = capture.take();
  CHECK(out.err == "vwxyz");
  CHECK(out.out == "789xy");
  CHECK(out.dropped == 21 + 7);
}
