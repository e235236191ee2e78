#pragma once
// `minify diff --html FILE`: the page drawn from the diff's JSON (docs/diff-schema.md, what
// --json prints) with lib/html's page shell and charts: the sizes and ratio (a bar per image of
// what is the same, changed, and only in it), the directories that lost and gained the most, the
// largest files of each kind, the packages per manager, and the layers.

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace minify::diff {

std::string to_html(const nlohmann::json& report);

}  // namespace minify::diff
