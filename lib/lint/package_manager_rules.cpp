// DF005-DF010: package managers that leave caches, indexes and extras in the layer.

#include <string>

#include "lint/package_command.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

constexpr std::uint64_t kMB = 1000 * 1000;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// The line of the first shipped RUN that writes APT::Install-Recommends into apt.conf.d, or 0.
int recommends_configured_at(const LintContext& ctx) {
  for (const auto& run : ctx.shipped("RUN"))
    if (contains(LintContext::run_script(*run.instruction), "Install-Recommends"))
      return run.instruction->line;
  return 0;
}

bool recommends_off(const std::vector<std::string>& words, int configured_at, int line) {
  if (configured_at > 0 && configured_at < line) return true;
  for (const auto& w : words)
    if (contains(w, "Install-Recommends=false") || contains(w, "Install-Recommends=0")) return true;
  return false;
}

bool is_pip(const std::vector<std::string>& words, size_t& sub_index) {
  if (words.empty()) return false;
  const std::string& p = words[0];
  if (p.starts_with("pip") && p.find_first_not_of("0123456789.", 3) == std::string::npos) {
    sub_index = 1;
    return true;
  }
  if (p.starts_with("python") && p.find_first_not_of("0123456789.", 6) == std::string::npos &&
      words.size() > 2 && words[1] == "-m" && words[2] == "pip") {
    sub_index = 3;
    return true;
  }
  return false;
}

std::string pip_subcommand(const std::vector<std::string>& words, size_t from) {
  for (size_t i = from; i < words.size(); ++i)
    if (!words[i].starts_with('-')) return words[i];
  return {};
}

bool truthy(const std::string& v) {
  return !v.empty() && v != "0" && v != "false" && v != "no" && v != "off";
}

}  // namespace

void check_package_managers(LintContext& ctx) {
  const int configured_at = recommends_configured_at(ctx);
  for (const auto& at : ctx.shipped("RUN")) {
    const Instruction& run = *at.instruction;
    auto commands = LintContext::run_commands(run);
    bool apt_update = false, apt_recommends = false, apt_upgrade = false, apk_cached = false;
    bool rpm_install = false, rpm_clean = false, pip_cached = false;
    std::string rpm_tool;
    for (const auto& c : commands) {
      auto words = program_words(c);
      PackageCommand pc = package_command(words);
      switch (pc.manager) {
        case PackageManager::kApt:
          if (pc.action == "update") apt_update = true;
          if (pc.action == "upgrade") apt_upgrade = true;
          if (pc.action == "install" && !has_word(words, "--no-install-recommends") &&
              !recommends_off(words, configured_at, run.line))
            apt_recommends = true;
          break;
        case PackageManager::kApk:
          if (pc.action == "install" && !has_word(words, "--no-cache")) apk_cached = true;
          break;
        case PackageManager::kRpm:
        case PackageManager::kZypper:
          if (pc.action == "install") {
            rpm_install = true;
            rpm_tool = words[0];
          }
          if (pc.action == "clean") rpm_clean = true;
          break;
        case PackageManager::kNone:
          break;
      }
      size_t sub = 0;
      if (is_pip(words, sub) && pip_subcommand(words, sub) == "install" &&
          !has_word(words, "--no-cache-dir")) {
        bool env_off = false;
        for (const auto& a : c.assignments)
          if (a.starts_with("PIP_NO_CACHE_DIR=")) env_off = truthy(a.substr(17));
        const Variables& vars = ctx.variables_before(at.stage, at.index);
        if (auto it = vars.find("PIP_NO_CACHE_DIR"); it != vars.end() && truthy(it->second))
          env_off = true;
        if (!env_off) pip_cached = true;
      }
    }
    if (apt_recommends)
      ctx.report(
          "DF005", run,
          "apt-get install without --no-install-recommends also installs recommended packages",
          "add --no-install-recommends to apt-get install");
    if (apt_update && !removes(commands, "/var/lib/apt/lists") &&
        !has_cache_mount(run, {"/var/lib/apt/lists"}))
      ctx.report("DF006", run, "apt-get update leaves /var/lib/apt/lists in this layer",
                 "end this RUN with && rm -rf /var/lib/apt/lists/*",
                 ByteEstimate{20 * kMB, 40 * kMB,
                              "the package index files apt-get update downloads for Debian or "
                              "Ubuntu main, updates and security (amd64)"});
    if (apt_upgrade)
      ctx.report("DF007", run, "apt-get upgrade copies every upgraded package into a new layer",
                 "use a newer tag of the base image instead of upgrading in it");
    if (apk_cached && !removes(commands, "/var/cache/apk") &&
        !has_cache_mount(run, {"/var/cache/apk"}))
      ctx.report("DF008", run,
                 "apk add without --no-cache keeps the package index in /var/cache/apk",
                 "use apk add --no-cache",
                 ByteEstimate{1 * kMB, 3 * kMB,
                              "the APKINDEX archives of Alpine's main and community repositories"});
    if (rpm_install && !rpm_clean && !removes(commands, "/var/cache/yum") &&
        !removes(commands, "/var/cache/dnf") && !removes(commands, "/var/cache/zypp") &&
        !has_cache_mount(run, {"/var/cache/yum", "/var/cache/dnf", "/var/cache/zypp"}))
      ctx.report("DF009", run, rpm_tool + " install without cleaning its cache in the same RUN",
                 rpm_tool == "zypper" ? "end this RUN with && zypper clean --all"
                                      : "end this RUN with && " + rpm_tool + " clean all");
    if (pip_cached && !removes(commands, "/root/.cache/pip") &&
        !has_cache_mount(run, {"/root/.cache/pip"}))
      ctx.report("DF010", run,
                 "pip install without --no-cache-dir keeps downloaded wheels in ~/.cache/pip",
                 "add --no-cache-dir to pip install (or ENV PIP_NO_CACHE_DIR=1)");
  }
}

}  // namespace minify::lint
