#include "pipeline/options.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace minify::pipeline;

TEST_CASE("--continue-after takes probe, exit, timeout:SECONDS or signal") {
  CHECK(parse_continue_after("probe").kind == ContinueAfter::Kind::kProbe);
  CHECK(parse_continue_after("exit").kind == ContinueAfter::Kind::kExit);
  CHECK(parse_continue_after("signal").kind == ContinueAfter::Kind::kSignal);
  auto t = parse_continue_after("timeout:30");
  CHECK(t.kind == ContinueAfter::Kind::kTimeout);
  CHECK(t.seconds == std::chrono::seconds(30));
  CHECK_THROWS_AS(parse_continue_after("timeout:"), std::invalid_argument);
  CHECK_THROWS_AS(parse_continue_after("timeout:0"), std::invalid_argument);
  CHECK_THROWS_AS(parse_continue_after("timeout:3x"), std::invalid_argument);
  CHECK_THROWS_AS(parse_continue_after("later"), std::invalid_argument);
}
