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
