#include "pipeline/options.h"

#include <charconv>
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

}  // namespace minify::pipeline
