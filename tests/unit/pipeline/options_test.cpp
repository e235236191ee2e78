#include "pipeline/options.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "errors/usage_error.h"

using namespace minify::pipeline;

TEST_CASE("--continue-after takes probe, exit, timeout:SECONDS or signal") {
  CHECK(parse_continue_after("probe").kind == ContinueAfter::Kind::kProbe);
  CHECK(parse_continue_after("exit").kind == ContinueAfter::Kind::kExit);
  CHECK(parse_continue_after("signal").kind == ContinueAfter::Kind::kSignal);
  auto t = parse_continue_after("timeout:30");
  CHECK(t.kind == ContinueAfter::Kind::kTimeout);
  CHECK(t.seconds == std::chrono::seconds(30));
  CHECK_THROWS_AS(parse_continue_after("timeout:"), minify::UsageError);
  CHECK_THROWS_AS(parse_continue_after("timeout:0"), minify::UsageError);
  CHECK_THROWS_AS(parse_continue_after("timeout:3x"), minify::UsageError);
  CHECK_THROWS_AS(parse_continue_after("later"), minify::UsageError);
}

TEST_CASE("--memory reads sizes as docker run does: bytes or b, k, m, g; 0 is no limit") {
  CHECK(parse_memory_size("0") == 0);
  CHECK(parse_memory_size("512m") == std::int64_t{512} << 20);
  CHECK(parse_memory_size("2g") == std::int64_t{2} << 30);
  CHECK(parse_memory_size("2G") == std::int64_t{2} << 30);
  CHECK(parse_memory_size("8192k") == std::int64_t{8} << 20);
  CHECK(parse_memory_size("1073741824") == std::int64_t{1} << 30);
  for (const char* bad : {"", "m", "-1g", "1.5g", "2gb", "2t", "5m", "99999999999g"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_memory_size(bad), minify::UsageError);
  }
}

TEST_CASE("--pull takes missing, always or never") {
  CHECK(parse_pull_policy("missing") == PullPolicy::kMissing);
  CHECK(parse_pull_policy("always") == PullPolicy::kAlways);
  CHECK(parse_pull_policy("never") == PullPolicy::kNever);
  CHECK_THROWS_AS(parse_pull_policy("sometimes"), minify::UsageError);
  CHECK_THROWS_AS(parse_pull_policy(""), minify::UsageError);
}
