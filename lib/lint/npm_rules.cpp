// DF011 npm-install-not-ci, DF012 dev-dependencies-in-final-stage, DF013 npm-cache-not-cleaned.

#include <string>

#include "lint/rules.h"

namespace minify::lint {
namespace {

struct NodeInstall {
  std::string tool;            // "npm ci", "npm install", "yarn install", "pnpm install"
  bool from_lockfile = false;  // installs the project's dependencies (no package names given)
  bool production_only = false;
};

std::optional<NodeInstall> node_install(const ShellCommand& c) {
  auto words = program_words(c);
  if (words.empty()) return std::nullopt;
  const std::string& tool = words[0];
  if (tool != "npm" && tool != "yarn" && tool != "pnpm") return std::nullopt;
  std::string sub = subcommand(words);
  NodeInstall ni;
  if (tool == "npm") {
    if (sub == "ci" || sub == "clean-install" || sub == "install-clean" || sub == "ic") {
      ni.tool = "npm ci";
    } else if (sub == "install" || sub == "i" || sub == "isntall" || sub == "add") {
      ni.tool = "npm install";
    } else {
      return std::nullopt;
    }
  } else if (sub.empty() || sub == "install" || (tool == "pnpm" && sub == "i")) {
    ni.tool = tool + " install";
  } else {
    return std::nullopt;
  }
  // Package names after the subcommand mean "add these", not "install the project".
  ni.from_lockfile = true;
  bool past_sub = sub.empty();
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!past_sub) {
      past_sub = w == sub;
      continue;
    }
    if ((w == "--omit" || w == "--only") && i + 1 < words.size()) {  // `--omit dev`
      ++i;
      if (words[i] == "dev" || words[i].starts_with("prod")) ni.production_only = true;
      continue;
    }
    if (!w.starts_with('-')) ni.from_lockfile = false;
    if (w == "--omit=dev" || w == "--only=prod" || w == "--only=production" ||
        w == "--production" || w == "--prod" || w == "-P")
      ni.production_only = true;
    if (w == "--production=false") ni.production_only = false;
  }
  if (has_word(words, "-g") || has_word(words, "--global")) ni.from_lockfile = false;
  for (const auto& a : c.assignments)
    if (a == "NODE_ENV=production") ni.production_only = true;
  return ni;
}

bool prunes_dev(const std::vector<ShellCommand>& commands) {
  for (const auto& c : commands) {
    auto words = program_words(c);
    if (words.size() >= 2 && words[0] == "npm" && subcommand(words) == "prune" &&
        (has_word(words, "--production") || has_word(words, "--omit=dev")))
      return true;
  }
  return false;
}

bool cleans_npm_cache(const std::vector<ShellCommand>& commands) {
  for (const auto& c : commands) {
    auto words = program_words(c);
    if (words.size() >= 3 && words[0] == "npm" && words[1] == "cache" &&
        (words[2] == "clean" || words[2] == "rm" || words[2] == "clear"))
      return true;
    if (words.size() >= 3 && words[0] == "yarn" && words[1] == "cache" && words[2] == "clean")
      return true;
  }
  return removes(commands, "/root/.npm") || removes(commands, "/usr/local/share/.cache/yarn");
}

}  // namespace

void check_npm(LintContext& ctx) {
  for (const auto& at : ctx.all("RUN")) {
    const Instruction& run = *at.instruction;
    auto commands = LintContext::run_commands(run);
    bool shipped = ctx.facts(at.stage).shipped;
    const Variables* vars = nullptr;  // read once per RUN, only when an install ships
    bool dev_deps = false, cache_left = false;
    for (const auto& c : commands) {
      auto ni = node_install(c);
      if (!ni) continue;
      if (ni->tool == "npm install" && ni->from_lockfile)
        ctx.report("DF011", run,
                   "npm install resolves dependencies anew and may rewrite package-lock.json",
                   "use npm ci, which installs exactly what package-lock.json says");
      if (!shipped) continue;
      if (vars == nullptr) vars = &ctx.variables_before(at.stage, at.index);
      bool production_env = vars->contains("NODE_ENV") && vars->at("NODE_ENV") == "production";
      if (ni->from_lockfile && !ni->production_only && !production_env) dev_deps = true;
      if (ni->tool.starts_with("npm")) cache_left = true;
    }
    if (dev_deps && !prunes_dev(commands))
      ctx.report("DF012", run, "installs devDependencies in the shipped stage",
                 "use npm ci --omit=dev (yarn install --production, pnpm install --prod) here, and "
                 "build with dev dependencies in another stage");
    if (cache_left && !cleans_npm_cache(commands) && !has_cache_mount(run, {"/root/.npm"}))
      ctx.report("DF013", run, "npm leaves its download cache in ~/.npm in this layer",
                 "end this RUN with && npm cache clean --force, or use RUN "
                 "--mount=type=cache,target=/root/.npm");
  }
}

}  // namespace minify::lint
