// DF016 copy-context-unignored, DF017 add-local-file, DF018 add-remote-url.

#include <array>
#include <string>
#include <vector>

#include "lint/dockerignore.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

bool is_url(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.starts_with("git@");
}

bool is_archive(std::string_view s) {
  constexpr std::array<std::string_view, 9> kSuffixes = {
      ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tzst"};
  for (auto suffix : kSuffixes)
    if (s.ends_with(suffix)) return true;
  return false;
}

std::vector<std::string> sources(const Instruction& ins) {
  return {ins.args.begin(), ins.args.end() - 1};
}

// What a .dockerignore should keep out for this Dockerfile: .git always, and the dependency and
// build-output directories of the ecosystems the Dockerfile uses.
std::vector<std::string> paths_to_ignore(const LintContext& ctx) {
  bool node = false, python = false, rust = false;
  for (const auto& stage : ctx.file().stages) {
    const std::string& repo = ctx.facts(stage.index).image.repository;
    node = node || repo == "node";
    python = python || repo == "python";
    rust = rust || repo == "rust";
  }
  for (const auto& at : ctx.all("RUN")) {
    for (const auto& c : LintContext::run_commands(*at.instruction)) {
      auto w = program_words(c);
      if (w.empty()) continue;
      node = node || w[0] == "npm" || w[0] == "yarn" || w[0] == "pnpm";
      python = python || w[0].starts_with("pip") || w[0] == "poetry" || w[0] == "pipenv";
      rust = rust || w[0] == "cargo";
    }
  }
  std::vector<std::string> paths = {".git"};
  if (node) paths.push_back("node_modules");
  if (python) paths.push_back("__pycache__");
  if (rust) paths.push_back("target");
  return paths;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

void check_context_copy(LintContext& ctx) {
  std::optional<Dockerignore> ignore;
  if (ctx.dockerignore()) ignore.emplace(*ctx.dockerignore());
  std::vector<std::string> wanted;
  for (const char* keyword : {"COPY", "ADD"}) {
    for (const auto& at : ctx.shipped(keyword)) {
      const Instruction& ins = *at.instruction;
      if (ins.flag("from") || ins.args.size() < 2) continue;
      bool whole_context = false;
      for (const auto& s : sources(ins))
        whole_context = whole_context || s == "." || s == "./" || s == "*" || s == "./*";
      if (!whole_context) continue;
      if (wanted.empty()) wanted = paths_to_ignore(ctx);
      if (!ignore) {
        ctx.report(
            "DF016", ins,
            keyword +
                std::string(" . copies the whole build context and there is no .dockerignore: ") +
                joined(wanted) + " go into the image",
            "add a .dockerignore beside the Dockerfile listing " + joined(wanted) +
                " and build outputs, or copy only what the app needs");
        continue;
      }
      std::vector<std::string> missing;
      for (const auto& p : wanted)
        if (!ignore->excludes(p)) missing.push_back(p);
      if (!missing.empty())
        ctx.report(
            "DF016", ins,
            keyword +
                std::string(
                    " . copies the whole build context and .dockerignore does not exclude ") +
                joined(missing),
            "add " + joined(missing) + " to .dockerignore");
    }
  }
}

void check_add(LintContext& ctx) {
  for (const auto& at : ctx.all("ADD")) {
    const Instruction& ins = *at.instruction;
    if (ins.args.size() < 2) continue;
    bool remote = false, archive = false;
    for (const auto& s : sources(ins)) {
      std::string src = ctx.expand(at.stage, at.index, s);
      if (is_url(src)) {
        remote = true;
        ctx.report("DF018", ins,
                   "ADD downloads " + src + " into a layer" +
                       (ins.flag("checksum") ? "" : " without verifying it"),
                   "RUN curl -fsSL -o the file, check its sha256, unpack and delete it in the same "
                   "RUN (or do it in a build stage); at least add --checksum=sha256:...");
      }
      archive = archive || is_archive(src);
    }
    if (!remote && !archive)
      ctx.report("DF017", ins, "ADD of local files: COPY does the same and says so",
                 "use COPY; keep ADD for local tar archives it should unpack");
  }
}

}  // namespace

void check_copy_add(LintContext& ctx) {
  check_context_copy(ctx);
  check_add(ctx);
}

}  // namespace minify::lint
