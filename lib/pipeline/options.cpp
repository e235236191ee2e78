#include "pipeline/options.h"

#include <charconv>
#include <limits>
#include <stdexcept>

#include "errors/usage_error.h"

namespace minify::pipeline {

ContinueAfter parse_continue_after(std::string_view text) {
  ContinueAfter c;
  if (text == "probe") {
    c.kind = ContinueAfter::Kind::kProbe;
  } else if (text == "exit") {
    c.kind = ContinueAfter::Kind::kExit;
  } else if (text == "signal") {
    c.kind = ContinueAfter::Kind::kSignal;
  } else if (text.starts_with("timeout:")) {
    auto number = text.substr(8);
    long long seconds = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), seconds);
    if (ec != std::errc() || end != number.data() + number.size() || seconds <= 0)
      throw UsageError("--continue-after " + std::string(text) +
                       ": expected timeout:SECONDS with SECONDS > 0");
    c.kind = ContinueAfter::Kind::kTimeout;
    c.seconds = std::chrono::seconds(seconds);
  } else {
    throw UsageError("--continue-after " + std::string(text) +
                     ": expected probe, exit, timeout:SECONDS or signal");
  }
  return c;
}

PullPolicy parse_pull_policy(std::string_view text) {
  if (text == "missing") return PullPolicy::kMissing;
  if (text == "always") return PullPolicy::kAlways;
  if (text == "never") return PullPolicy::kNever;
  throw UsageError("--pull " + std::string(text) + ": expected missing, always or never");
}

std::int64_t parse_memory_size(std::string_view text, std::string_view flag) {
  auto bad = [&](const char* why) {
    return UsageError(std::string(flag) + " " + std::string(text) + ": " + why);
  };
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data() || number < 0)
    throw bad("expected a size such as 512m or 2g");
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  int shift = 0;
  if (unit.size() > 1) throw bad("expected a size such as 512m or 2g");
  if (!unit.empty()) {
    switch (unit[0]) {
      case 'b':
      case 'B':
        shift = 0;
        break;
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      default:
        throw bad("expected a size such as 512m or 2g (units b, k, m, g)");
    }
  }
  if (number > (std::numeric_limits<std::int64_t>::max() >> shift)) throw bad("too large");
  std::int64_t bytes = number << shift;
  if (bytes != 0 && bytes < (std::int64_t{6} << 20))
    throw bad("below the engine's minimum of 6m (0: no limit)");
  return bytes;
}

}  // namespace minify::pipeline
