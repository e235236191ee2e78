#pragma once
// The HTML page of `minify xray --html FILE`: the image's sizes and efficiency, its layers as
// stacked bars (bytes added and modified, the wasted part hatched), the largest files and
// directories, the wasted files, and why it is fat, each finding with its fix. Drawn from the
// xray JSON alone (xray::to_json, schema in lib/xray/README.md), so the page shows exactly what
// `--json` says.

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace minify::html {

std::string xray_report_html(const nlohmann::json& report);

}  // namespace minify::html
