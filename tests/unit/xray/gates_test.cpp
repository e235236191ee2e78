#include "xray/gates.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace minify::xray;

namespace {

XrayReport report_with(double efficiency, std::uint64_t wasted_bytes) {
  XrayReport report;
  report.efficiency = efficiency;
  report.wasted_bytes = wasted_bytes;
  return report;
}

}  // namespace

TEST_CASE("no limit, no gate: the image passes") {
  GateResults results = check_gates(report_with(0.1, 1'000'000'000), {});
  CHECK_FALSE(results.min_efficiency.has_value());
  CHECK_FALSE(results.max_wasted.has_value());
  CHECK(results.passed());
  CHECK(results.reason() == "");
}

TEST_CASE("max-wasted: exactly the limit passes, one byte over fails with the limit as written") {
  XrayReport report = report_with(0.9, 11'534'336);
  GateResults at = check_gates(
      report, {.min_efficiency = std::nullopt, .max_wasted = WastedLimit{11'534'336, "11MiB"}});
  REQUIRE(at.max_wasted.has_value());
  CHECK(at.max_wasted->limit == 11'534'336);
  CHECK(at.max_wasted->value == 11'534'336);
  CHECK(at.max_wasted->passed);
  CHECK(at.passed());

  GateResults over = check_gates(
      report, {.min_efficiency = std::nullopt, .max_wasted = WastedLimit{11'534'335, "11534335"}});
  REQUIRE(over.max_wasted.has_value());
  CHECK_FALSE(over.max_wasted->passed);
  CHECK_FALSE(over.passed());
  REQUIRE(over.failures.size() == 1);
  CHECK(over.failures[0] == "wasted 11.5 MB (11534336 bytes) exceeds --max-wasted 11534335");
}

TEST_CASE("min-efficiency: exactly the limit passes, just below fails") {
  GateResults at =
      check_gates(report_with(0.75, 0), {.min_efficiency = 0.75, .max_wasted = std::nullopt});
  REQUIRE(at.min_efficiency.has_value());
  CHECK(at.min_efficiency->limit == 0.75);
  CHECK(at.min_efficiency->value == 0.75);
  CHECK(at.min_efficiency->passed);
  CHECK(at.passed());

  GateResults below =
      check_gates(report_with(0.7499, 0), {.min_efficiency = 0.75, .max_wasted = std::nullopt});
  CHECK_FALSE(below.min_efficiency->passed);
  REQUIRE(below.failures.size() == 1);
  CHECK(below.failures[0] == "efficiency 75.0 % is below --min-efficiency 75.0 %");
}

TEST_CASE("both gates failing: two reasons, min-efficiency first, joined by '; '") {
  GateResults results = check_gates(
      report_with(0.5, 2'000), {.min_efficiency = 0.9, .max_wasted = WastedLimit{1'000, "1kB"}});
  CHECK_FALSE(results.passed());
  CHECK(results.reason() ==
        "efficiency 50.0 % is below --min-efficiency 90.0 %; "
        "wasted 2.00 kB (2000 bytes) exceeds --max-wasted 1kB");
}

TEST_CASE("one gate failing does not fail the other") {
  GateResults results = check_gates(
      report_with(0.95, 2'000), {.min_efficiency = 0.9, .max_wasted = WastedLimit{1'000, "1kB"}});
  CHECK(results.min_efficiency->passed);
  CHECK_FALSE(results.max_wasted->passed);
  CHECK(results.failures.size() == 1);
}

TEST_CASE("efficiencies as fractions or percentages, 0..1") {
  CHECK(parse_efficiency("0.9") == 0.9);
  CHECK(parse_efficiency("90%") == 0.9);
  CHECK(parse_efficiency("0") == 0);
  CHECK(parse_efficiency("1") == 1);
  CHECK(parse_efficiency("100%") == 1);
  for (const char* bad : {"1.5", "101%", "-0.1", "abc", "", "90 %", "0.9x"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(
        parse_efficiency(bad),
        ("'" + std::string(bad) + "' is not an efficiency (0..1, or a percentage: 90%)").c_str(),
        std::invalid_argument);
  }
}
