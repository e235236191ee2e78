#pragma once
// The CI gates of `minify xray`: --min-efficiency and --max-wasted. Limits come in parsed; the
// result gives each gate that was asked for its limit, the image's value and whether it passed,
// and one reason per failed gate for a person. A limit that is absent is no gate. A value exactly
// at its limit passes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xray/xray_report.h"

namespace minify::xray {

// "0.9" or "90%" -> 0.9. Throws std::invalid_argument for anything outside 0..1 or not a number:
// "'x' is not an efficiency (0..1, or a percentage: 90%)".
double parse_efficiency(std::string_view text);

struct WastedLimit {
  std::uint64_t bytes = 0;
  std::string as_written;  // "11MB", as the user wrote it: the failure reason quotes it back
};

struct GateLimits {
  std::optional<double> min_efficiency;  // 0..1
  std::optional<WastedLimit> max_wasted;
};

struct EfficiencyGate {
  double limit = 0;
  double value = 0;
  bool passed = true;  // value >= limit
};

struct WastedGate {
  std::uint64_t limit = 0;
  std::uint64_t value = 0;
  bool passed = true;  // value <= limit
};

struct GateResults {
  std::optional<EfficiencyGate> min_efficiency;
  std::optional<WastedGate> max_wasted;
  // One per failed gate, min-efficiency first: "wasted 11.5 MB (11534336 bytes) exceeds
  // --max-wasted 11MB".
  std::vector<std::string> failures;

  bool passed() const { return failures.empty(); }
  // The failures joined with "; ", "" when all passed.
  std::string reason() const;
};

GateResults check_gates(const XrayReport& report, const GateLimits& limits);

}  // namespace minify::xray
