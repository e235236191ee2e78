#pragma once
// The three ways `minify lint` prints a LintResult: text for people, JSON for scripts (schema
// below, versioned), SARIF 2.1.0 for code-scanning UIs.
//
// JSON, schema_version 1:
//   { "schema_version": 1, "tool": {"name": "minify", "version": "..."}, "file": "<path>",
//     "findings": [ { "rule_id": "DF006", "rule_name": "apt-lists-not-removed",
//                     "severity": "error"|"warning"|"info", "line": 3, "end_line": 4,
//                     "message": "...", "fix": "...",
//                     "bytes_estimate": {"low": N, "high": N, "basis": "..."} | null } ],
//     "summary": { "total": N, "error": N, "warning": N, "info": N, "suppressed": N,
//                  "bytes_estimate_low": N, "bytes_estimate_high": N } }
// Fields are only ever added; a change in meaning bumps schema_version.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "lint/linter.h"

namespace minify::lint {

inline constexpr int kJsonSchemaVersion = 1;

std::string format_text(const LintResult& result, std::string_view path);
nlohmann::json to_json(const LintResult& result, std::string_view path,
                       std::string_view tool_version);
nlohmann::json to_sarif(const LintResult& result, std::string_view path,
                        std::string_view tool_version);

// "20 MB", "1.1 GB": decimal units, as image sizes are usually shown.
std::string human_bytes(std::uint64_t bytes);

}  // namespace minify::lint
