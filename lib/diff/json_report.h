#pragma once
// `minify diff --json`: one document, schema version kDiffSchemaVersion, every field documented
// in docs/diff-schema.md. File names go through byte_names::name_to_json (a string when UTF-8,
// else {"hex": ...}).

#include <nlohmann/json.hpp>

#include "diff/image_diff.h"

namespace minify::diff {

// Bumped when a field changes meaning or goes away; new fields may come in any version.
constexpr int kDiffSchemaVersion = 1;

nlohmann::json to_json(const ImageDiff& diff);

}  // namespace minify::diff
