#include <fmt/format.h>

#include "lint/lint_report.h"
#include "lint/rule_catalog.h"

namespace minify::lint {

std::string human_bytes(std::uint64_t bytes) {
  if (bytes >= 1000ull * 1000 * 1000)
    return fmt::format("{:.1f} GB", static_cast<double>(bytes) / 1e9);
  if (bytes >= 1000ull * 1000) return fmt::format("{} MB", (bytes + 500'000) / 1'000'000);
  if (bytes >= 1000) return fmt::format("{} kB", (bytes + 500) / 1000);
  return fmt::format("{} B", bytes);
}

std::string format_text(const LintResult& result, std::string_view path) {
  std::string out;
  int counts[3] = {0, 0, 0};
  std::uint64_t low = 0, high = 0;
  for (const auto& f : result.findings) {
    ++counts[static_cast<int>(f.severity)];
    out += fmt::format("{}:{}: {} {} {}: {}\n", path, f.line, severity_name(f.severity), f.rule_id,
                       rule_by_id(f.rule_id).name, f.message);
    out += fmt::format("    fix: {}\n", f.fix);
    if (f.bytes) {
      out += fmt::format("    size: {}-{} ({})\n", human_bytes(f.bytes->low),
                         human_bytes(f.bytes->high), f.bytes->basis);
      low += f.bytes->low;
      high += f.bytes->high;
    }
  }
  if (result.findings.empty()) {
    out += fmt::format("{}: no findings", path);
  } else {
    out += fmt::format("{}: {} finding{} ({} error, {} warning, {} info)", path,
                       result.findings.size(), result.findings.size() == 1 ? "" : "s", counts[2],
                       counts[1], counts[0]);
    if (high > 0)
      out += fmt::format("; estimated {}-{} at stake", human_bytes(low), human_bytes(high));
  }
  if (result.suppressed > 0)
    out += fmt::format("; {} silenced by minify-ignore", result.suppressed);
  out += "\n";
  return out;
}

}  // namespace minify::lint
