#pragma once
// The HTML page of `minify build`'s report (`--report-html`): sizes before and after, a treemap
// of the original filesystem with kept and dropped bytes, what was dropped, the kept files with
// their reasons (searchable), the probes and what verify compared, phase times, the seccomp
// profile. Drawn from the report's JSON alone (report::to_json, with "seccomp" when a profile
// was written), so the page shows exactly what the JSON says; a field the report lacks (an
// older report, no profile) makes its section say so instead.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace minify::html {

std::string build_report_html(const nlohmann::json& report);

// The page's default file name: the slim image's reference with '/' and ':' made '_', then
// ".minify-report.html": "minify-fixture_python-web.slim_latest.minify-report.html".
std::string report_file_name(std::string_view slim_reference);

}  // namespace minify::html
