#include "lint/lint_report.h"
#include "lint/rule_catalog.h"

namespace minify::lint {

nlohmann::json to_json(const LintResult& result, std::string_view path,
                       std::string_view tool_version) {
  nlohmann::json findings = nlohmann::json::array();
  int counts[3] = {0, 0, 0};
  std::uint64_t low = 0, high = 0;
  for (const auto& f : result.findings) {
    ++counts[static_cast<int>(f.severity)];
    nlohmann::json j = {
        {"rule_id", f.rule_id},
        {"rule_name", rule_by_id(f.rule_id).name},
        {"severity", severity_name(f.severity)},
        {"line", f.line},
        {"end_line", f.end_line},
        {"message", f.message},
        {"fix", f.fix},
        {"bytes_estimate", nullptr},
    };
    if (f.bytes) {
      j["bytes_estimate"] = {
          {"low", f.bytes->low}, {"high", f.bytes->high}, {"basis", f.bytes->basis}};
      low += f.bytes->low;
      high += f.bytes->high;
    }
    findings.push_back(std::move(j));
  }
  return {
      {"schema_version", kJsonSchemaVersion},
      {"tool", {{"name", "minify"}, {"version", tool_version}}},
      {"file", path},
      {"findings", std::move(findings)},
      {"summary",
       {{"total", result.findings.size()},
        {"error", counts[2]},
        {"warning", counts[1]},
        {"info", counts[0]},
        {"suppressed", result.suppressed},
        {"bytes_estimate_low", low},
        {"bytes_estimate_high", high}}},
  };
}

}  // namespace minify::lint
