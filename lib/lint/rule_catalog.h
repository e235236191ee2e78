#pragma once
// Every lint rule: a stable id (never reused, never renumbered), a short name, its severity, a
// one-line summary and the help a code-scanning UI shows. README.md's table mirrors this list.

#include <span>
#include <string_view>

#include "lint/finding.h"

namespace minify::lint {

struct Rule {
  std::string_view id;    // "DF006"
  std::string_view name;  // "apt-lists-not-removed"
  Severity severity;
  std::string_view summary;  // one line
  std::string_view help;     // why it matters and how to fix it
};

std::span<const Rule> rule_catalog();
// The rule with this id; throws std::out_of_range for an unknown id.
const Rule& rule_by_id(std::string_view id);

}  // namespace minify::lint
