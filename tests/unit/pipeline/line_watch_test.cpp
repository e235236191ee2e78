// LineWatch: the agreed line found however the output is cut, and only as a whole line.

#include "pipeline/line_watch.h"

#include <doctest/doctest.h>

using minify::pipeline::LineWatch;

namespace {

// Whether `output`, fed in pieces of `piece` bytes, shows the line "done".
bool shows_done(std::string_view output, std::size_t piece) {
  LineWatch watch("done");
  bool seen = false;
  for (std::size_t at = 0; at < output.size(); at += piece)
    seen = watch.feed(output.substr(at, piece));
  return seen;
}

}  // namespace

TEST_CASE("the line is seen whole, in one piece or cut anywhere") {
  for (std::size_t piece : {1, 2, 3, 64}) {
    CAPTURE(piece);
    CHECK(shows_done("done\n", piece));
    CHECK(shows_done("some words\ndone\n", piece));
    CHECK(shows_done("done\nmore after it", piece));  // seen stays seen
  }
}

TEST_CASE("only a whole line counts") {
  CHECK_FALSE(shows_done("", 1));
  CHECK_FALSE(shows_done("done", 1));  // not ended yet: the sensor may still be writing it
  CHECK_FALSE(shows_done("not done\n", 1));
  CHECK_FALSE(shows_done("done.\n", 1));
  CHECK_FALSE(shows_done("donedone\n", 1));
  CHECK_FALSE(shows_done(std::string(1 << 20, 'x') + "done\n", 4096));
  CHECK(shows_done(std::string(1 << 20, 'x') + "\ndone\n", 4096));
}

TEST_CASE("once seen, later pieces change nothing") {
  LineWatch watch("done");
  CHECK_FALSE(watch.feed("do"));
  CHECK(watch.feed("ne\n"));
  CHECK(watch.feed("anything"));
}
