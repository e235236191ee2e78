#pragma once
// `minify xray --json`: the report and its gates as one JSON document, in the documented and
// versioned schema (lib/xray/README.md).

#include <nlohmann/json.hpp>

#include "xray/gates.h"
#include "xray/xray_report.h"

namespace minify::xray {

// Bumped when a field changes meaning or goes away; adding fields does not bump it.
inline constexpr int kSchemaVersion = 1;

// "gates" lists the gates that were asked for, min-efficiency first; [] when none.
nlohmann::json to_json(const XrayReport& report, const GateResults& gates);

}  // namespace minify::xray
