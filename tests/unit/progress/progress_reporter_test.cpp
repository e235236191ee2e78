#include "progress/progress_reporter.h"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

using namespace minify::progress;
using namespace std::chrono_literals;

namespace {

// A clock the test moves by hand.
struct FakeClock {
  ProgressReporter::Clock::time_point now{};
  ProgressReporter::Now function() {
    return [this] { return now; };
  }
};

size_t count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("sizes and durations read like docker's") {
  CHECK(format_bytes(0) == "0 B");
  CHECK(format_bytes(999) == "999 B");
  CHECK(format_bytes(1500) == "1.50 kB");
  CHECK(format_bytes(12'345'678) == "12.3 MB");
  CHECK(format_bytes(345'000'000) == "345 MB");
  CHECK(format_bytes(1'020'000'000) == "1.02 GB");
  CHECK(format_duration(400ms) == "0.4 s");
  CHECK(format_duration(12'345ms) == "12.3 s");
  CHECK(format_duration(125'000ms) == "2m05s");
}

TEST_CASE("plain style: one line when a phase starts, one when it ends, with bytes and time") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kPlain, clock.function());
  {
    auto phase = progress.begin("export image app:1", 20'000'000);
    for (int i = 0; i < 100; ++i) {
      phase.advance(100'000);
      clock.now += 20ms;
    }
    phase.finish();
  }
  CHECK(out.str() ==
        "export image app:1: started (20.0 MB)\n"
        "export image app:1: done, 10.0 MB in 2.0 s (5.00 MB/s)\n");
}

TEST_CASE("plain style: a phase without bytes reports its time only") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kPlain, clock.function());
  auto phase = progress.begin("start container");
  clock.now += 1500ms;
  phase.finish();
  CHECK(out.str() == "start container: started\nstart container: done in 1.5 s\n");
}

TEST_CASE("a phase left by an exception says it stopped") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kPlain, clock.function());
  try {
    auto phase = progress.begin("load image");
    phase.advance(2500);
    clock.now += 3s;
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  CHECK(out.str() == "load image: started\nload image: stopped, 2.50 kB after 3.0 s (833 B/s)\n");
}

TEST_CASE("beginning a phase ends the one before; its handle then does nothing") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kPlain, clock.function());
  auto first = progress.begin("one");
  auto second = progress.begin("two");
  first.advance(10);
  first.finish();
  second.finish();
  CHECK(out.str() == "one: started\none: stopped after 0.0 s\ntwo: started\ntwo: done in 0.0 s\n");
}

TEST_CASE("silent style writes nothing") {
  std::ostringstream out;
  ProgressReporter progress(out, Style::kSilent);
  auto phase = progress.begin("x", 10);
  phase.advance(5);
  progress.note("hello");
  phase.finish();
  CHECK(out.str().empty());
}

TEST_CASE("live style redraws one line in place, at most every 100 ms, and ends with a line") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kLive, clock.function());
  auto phase = progress.begin("export", 1'000'000);
  for (int i = 0; i < 1000; ++i) {  // 1000 advances over 2 s
    phase.advance(1000);
    clock.now += 2ms;
  }
  phase.finish();
  std::string text = out.str();
  // The first draw, then one per 100 ms of the 2 s: about 20, never one per advance.
  size_t redraws = count(text, "\r\033[K") - 1;  // the last one clears the line for the summary
  CHECK(redraws >= 15);
  CHECK(redraws <= 22);
  CHECK(count(text, "\n") == 1);  // only the final summary ends a line
  CHECK(text.find("export  501 kB / 1.00 MB  501 kB/s  1.0 s") != std::string::npos);
  CHECK(text.ends_with("\r\033[Kexport: done, 1.00 MB in 2.0 s (500 kB/s)\n"));
}

TEST_CASE("a note in live style clears the live line, prints, and redraws") {
  std::ostringstream out;
  FakeClock clock;
  ProgressReporter progress(out, Style::kLive, clock.function());
  auto phase = progress.begin("copy");
  progress.note("warning: slow disk");
  CHECK(out.str() == "\r\033[Kcopy  0.0 s\r\033[Kwarning: slow disk\n\r\033[Kcopy  0.0 s");
  phase.finish();
}
