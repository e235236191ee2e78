#pragma once
// What a lint rule reports: one problem at one instruction, with the fix and, when the rule can
// know it, an estimate of the bytes at stake.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace minify::lint {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view severity_name(Severity s);  // "info", "warning", "error"
std::optional<Severity> severity_from_name(std::string_view name);

// A range, because sizes depend on versions, architecture and mirrors; `basis` says where the
// numbers come from so that a reader can judge them.
struct ByteEstimate {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::string basis;
};

struct Finding {
  std::string rule_id;  // "DF006"
  Severity severity = Severity::kWarning;
  int line = 0;  // the instruction's first line (1-based)
  int end_line = 0;
  std::string message;  // one line: what is wrong here
  std::string fix;      // one line: what to do instead
  std::optional<ByteEstimate> bytes;
};

}  // namespace minify::lint
