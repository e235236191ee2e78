#include "engine/stream_demux.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine_error.h"

using namespace minify::engine;

namespace {

std::string frame(uint8_t kind, std::string_view payload) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(kind);
  uint32_t n = static_cast<uint32_t>(payload.size());
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16);
  out[6] = static_cast<char>(n >> 8);
  out[7] = static_cast<char>(n);
  return out + std::string(payload);
}

struct Collected {
  std::string out, err;
  int empty_pieces = 0;
};

// Feeds `stream` in pieces of `step` bytes (the last may be shorter).
Collected demux_in_steps(const std::string& stream, size_t step) {
  Collected c;
  StreamDemux demux([&c](StreamKind kind, std::string_view bytes) {
    if (bytes.empty()) ++c.empty_pieces;
    (kind == StreamKind::kStderr ? c.err : c.out).append(bytes);
  });
  for (size_t i = 0; i < stream.size(); i += step)
    demux.feed(std::string_view(stream).substr(i, step));
  demux.finish();
  return c;
}

}  // namespace

TEST_CASE("frames are split into stdout and stderr, in order, whatever the chunk boundaries") {
  std::string big(70000, 'b');  // a length that needs more than two bytes of the header
  std::string stream =
      frame(1, "hello ") + frame(2, "oops\n") + frame(1, "world\n") + frame(2, big) + frame(1, "");
  for (size_t step : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{8}, size_t{9}, size_t{13},
                      size_t{4096}, stream.size()}) {
    CAPTURE(step);
    Collected c = demux_in_steps(stream, step);
    CHECK(c.out == "hello world\n");
    CHECK(c.err == "oops\n" + big);
    CHECK(c.empty_pieces == 0);
  }
}

TEST_CASE("a frame's payload may arrive in several pieces, never merged across frames") {
  std::string stream = frame(1, "abc") + frame(1, "def");
  std::vector<std::string> seen;
  StreamDemux demux([&seen](StreamKind, std::string_view bytes) { seen.emplace_back(bytes); });
  demux.feed(std::string_view(stream).substr(0, 10));  // header + "ab"
  demux.feed(std::string_view(stream).substr(10));     // "c" + next frame
  demux.finish();
  CHECK(seen == std::vector<std::string>{"ab", "c", "def"});
}

TEST_CASE("stdin frames (type 0) are passed on as such") {
  StreamKind got = StreamKind::kStderr;
  StreamDemux demux([&got](StreamKind kind, std::string_view) { got = kind; });
  demux.feed(frame(0, "x"));
  CHECK(got == StreamKind::kStdin);
}

TEST_CASE("a stream that is not multiplexed is a protocol error, not garbage output") {
  StreamDemux demux([](StreamKind, std::string_view) {});
  try {
    demux.feed("hello, I am a TTY stream\n");
    FAIL("accepted a raw stream");
  } catch (const EngineError& e) {
    CHECK(e.kind() == ErrorKind::kProtocol);
  }
}

TEST_CASE("a stream that ends inside a header or a payload is reported at finish") {
  StreamDemux in_header([](StreamKind, std::string_view) {});
  in_header.feed(std::string_view("\x01\0\0", 3));
  CHECK_THROWS_AS(in_header.finish(), EngineError);

  StreamDemux in_payload([](StreamKind, std::string_view) {});
  in_payload.feed(frame(1, "complete").substr(0, 10));
  CHECK_THROWS_AS(in_payload.finish(), EngineError);

  StreamDemux empty([](StreamKind, std::string_view) {});
  CHECK_NOTHROW(empty.finish());
}
