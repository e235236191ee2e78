#include "lint/linter.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "lint/ascii_text.h"
#include "lint/dockerfile_parser.h"
#include "lint/lint_context.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

constexpr std::string_view kIgnoreMarker = "minify-ignore:";

// The rule ids an instruction's comments silence.
std::set<std::string> ignored_ids(const Instruction& ins) {
  std::set<std::string> ids;
  for (const auto& comment : ins.comments) {
    std::string lower = to_lower(comment);
    size_t at = lower.find(kIgnoreMarker);
    if (at == std::string::npos) continue;
    std::string list = to_upper(comment.substr(at + kIgnoreMarker.size()));
    std::string id;
    for (char c : list + " ") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!id.empty()) ids.insert(id);
        id.clear();
      } else {
        id += c;
      }
    }
  }
  return ids;
}

}  // namespace

void check_all(LintContext& ctx) {
  check_base_image(ctx);
  check_build_tools(ctx);
  check_package_managers(ctx);
  check_npm(ctx);
  check_layers(ctx);
  check_copy_add(ctx);
  check_security(ctx);
}

LintResult lint_dockerfile(std::string_view text, std::optional<std::string_view> dockerignore) {
  Dockerfile file = parse_dockerfile(text);
  LintContext ctx(file, dockerignore);
  check_all(ctx);

  std::map<int, std::set<std::string>> ignores;  // instruction line -> silenced ids
  for (const auto& ins : file.global_args) ignores[ins.line] = ignored_ids(ins);
  for (const auto& stage : file.stages)
    for (const auto& ins : stage.instructions) ignores[ins.line] = ignored_ids(ins);

  LintResult result;
  for (auto& f : ctx.take_findings()) {
    const auto& silenced = ignores[f.line];
    if (silenced.contains(f.rule_id)) {
      ++result.suppressed;
      continue;
    }
    result.findings.push_back(std::move(f));
  }
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     return a.line != b.line ? a.line < b.line : a.rule_id < b.rule_id;
                   });
  return result;
}

}  // namespace minify::lint
