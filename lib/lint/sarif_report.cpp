#include <fmt/format.h>

#include "lint/lint_report.h"
#include "lint/rule_catalog.h"

namespace minify::lint {
namespace {

// SARIF levels: info is "note".
std::string_view sarif_level(Severity s) {
  return s == Severity::kInfo ? "note" : severity_name(s);
}

// artifactLocation.uri is a URI reference: keep '/' and unreserved characters, escape the rest.
std::string uri_reference(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

nlohmann::json to_sarif(const LintResult& result, std::string_view path,
                        std::string_view tool_version) {
  nlohmann::json rules = nlohmann::json::array();
  auto catalog = rule_catalog();
  for (const auto& r : catalog) {
    rules.push_back({
        {"id", r.id},
        {"name", r.name},
        {"shortDescription", {{"text", r.summary}}},
        {"fullDescription", {{"text", r.help}}},
        {"help", {{"text", r.help}}},
        {"defaultConfiguration", {{"level", sarif_level(r.severity)}}},
    });
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& f : result.findings) {
    size_t index = 0;
    while (index < catalog.size() && catalog[index].id != f.rule_id) ++index;
    nlohmann::json properties = {{"fix", f.fix}};
    if (f.bytes)
      properties["bytesEstimate"] = {
          {"low", f.bytes->low}, {"high", f.bytes->high}, {"basis", f.bytes->basis}};
    results.push_back({
        {"ruleId", f.rule_id},
        {"ruleIndex", index},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", f.message + ". Fix: " + f.fix}}},
        {"locations",
         {{{"physicalLocation",
            {{"artifactLocation", {{"uri", uri_reference(path)}}},
             {"region", {{"startLine", f.line}, {"endLine", std::max(f.line, f.end_line)}}}}}}}},
        {"properties", std::move(properties)},
    });
  }
  return {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool",
          {{"driver",
            {{"name", "minify"},
             {"version", tool_version},
             {"informationUri", "https://github.com/minify/minify"},
             {"rules", std::move(rules)}}}}},
         {"results", std::move(results)}}}},
  };
}

}  // namespace minify::lint
