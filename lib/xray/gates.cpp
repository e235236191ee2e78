#include "xray/gates.h"

#include <stdexcept>

#include "progress/progress_reporter.h"
#include "xray/percent.h"

namespace minify::xray {

double parse_efficiency(std::string_view text) {
  std::string written(text);
  try {
    std::size_t used = 0;
    double value = std::stod(written, &used);
    std::string rest = written.substr(used);
    if (rest == "%")
      value /= 100;
    else if (!rest.empty())
      used = 0;
    if (used == 0 || value < 0 || value > 1) throw std::invalid_argument(written);
    return value;
  } catch (const std::logic_error&) {
    // std::stod's own errors say nothing a person can use.
    throw std::invalid_argument("'" + written +
                                "' is not an efficiency (0..1, or a percentage: 90%)");
  }
}

std::string GateResults::reason() const {
  std::string joined;
  for (const std::string& failure : failures) joined += (joined.empty() ? "" : "; ") + failure;
  return joined;
}

GateResults check_gates(const XrayReport& report, const GateLimits& limits) {
  GateResults results;
  if (limits.min_efficiency) {
    EfficiencyGate& gate = results.min_efficiency.emplace();
    gate.limit = *limits.min_efficiency;
    gate.value = report.efficiency;
    gate.passed = gate.value >= gate.limit;
    if (!gate.passed) {
      results.failures.push_back("efficiency " + format_percent(gate.value) +
                                 " is below --min-efficiency " + format_percent(gate.limit));
    }
  }
  if (limits.max_wasted) {
    WastedGate& gate = results.max_wasted.emplace();
    gate.limit = limits.max_wasted->bytes;
    gate.value = report.wasted_bytes;
    gate.passed = gate.value <= gate.limit;
    if (!gate.passed) {
      results.failures.push_back("wasted " + progress::format_bytes(gate.value) + " (" +
                                 std::to_string(gate.value) + " bytes) exceeds --max-wasted " +
                                 limits.max_wasted->as_written);
    }
  }
  return results;
}

}  // namespace minify::xray
