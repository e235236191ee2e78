#pragma once
// lib/lint's entry point: a Dockerfile's text (and its .dockerignore's) in, findings out. Works on
// text alone: the caller reads the files.

#include <optional>
#include <string_view>
#include <vector>

#include "lint/finding.h"

namespace minify::lint {

struct LintResult {
  std::vector<Finding> findings;  // sorted by line, then rule id
  int suppressed = 0;             // findings silenced by `# minify-ignore: ID`
};

// `dockerignore` is the content of the .dockerignore beside the Dockerfile, or nullopt when there
// is none. A finding is dropped when its instruction carries `# minify-ignore: ID[, ID...]` in a
// comment line directly above it or inside its continuation lines.
// Throws ParseError (dockerfile_parser.h) for text BuildKit would refuse.
LintResult lint_dockerfile(std::string_view text, std::optional<std::string_view> dockerignore);

}  // namespace minify::lint
