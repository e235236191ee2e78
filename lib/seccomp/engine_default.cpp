#include "seccomp/engine_default.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "seccomp/syscall_names.h"

namespace minify::seccomp {
namespace {

std::vector<std::string> strings(const nlohmann::json& filter, const char* key) {
  auto it = filter.find(key);
  if (it == filter.end() || it->is_null()) return {};
  if (!it->is_array())
    throw std::runtime_error(std::string("profile: \"") + key + "\" is not a list");
  return it->get<std::vector<std::string>>();
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool at_least(KernelVersion kernel, std::string_view minimum) {
  const KernelVersion min = parse_kernel_version(minimum);
  return kernel.major != min.major ? kernel.major > min.major : kernel.minor >= min.minor;
}

// The engine's own test of a rule against the container (profiles/seccomp/seccomp_linux.go in its
// source): any excluded arch or cap, or a reached minKernel, drops it; every included arch and cap
// must be there, and the minKernel reached.
bool applies(const nlohmann::json& rule, std::string_view arch,
             std::span<const std::string_view> capabilities, KernelVersion kernel) {
  const auto has_cap = [&](std::string_view cap) {
    return std::find(capabilities.begin(), capabilities.end(), cap) != capabilities.end();
  };
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto& excludes =
      rule.contains("excludes") && rule["excludes"].is_object() ? rule["excludes"] : kEmpty;
  const auto& includes =
      rule.contains("includes") && rule["includes"].is_object() ? rule["includes"] : kEmpty;
  if (contains(strings(excludes, "arches"), arch)) return false;
  for (const auto& cap : strings(excludes, "caps"))
    if (has_cap(cap)) return false;
  if (excludes.contains("minKernel") && excludes["minKernel"].is_string() &&
      at_least(kernel, excludes["minKernel"].get<std::string>()))
    return false;
  const auto arches = strings(includes, "arches");
  if (!arches.empty() && !contains(arches, arch)) return false;
  for (const auto& cap : strings(includes, "caps"))
    if (!has_cap(cap)) return false;
  if (includes.contains("minKernel") && includes["minKernel"].is_string() &&
      !at_least(kernel, includes["minKernel"].get<std::string>()))
    return false;
  return true;
}

}  // namespace

KernelVersion parse_kernel_version(std::string_view release) {
  KernelVersion version;
  const char* end = release.data() + release.size();
  auto [p, ec] = std::from_chars(release.data(), end, version.major);
  if (ec != std::errc() || p == end || *p != '.')
    throw std::invalid_argument("not a kernel version: '" + std::string(release) + "'");
  auto [q, ec2] = std::from_chars(p + 1, end, version.minor);
  if (ec2 != std::errc())
    throw std::invalid_argument("not a kernel version: '" + std::string(release) + "'");
  return version;
}

std::vector<std::string> allowed_syscalls(const nlohmann::json& profile, const Architecture& arch,
                                          std::span<const std::string_view> capabilities,
                                          KernelVersion kernel) {
  auto rules = profile.find("syscalls");
  if (!profile.is_object() || rules == profile.end() || !rules->is_array())
    throw std::runtime_error("profile: no \"syscalls\" list");
  const std::string engine_arch = engine_arch_name(arch);
  std::set<std::string> allowed;
  for (const auto& rule : *rules) {
    if (!rule.is_object() || rule.value("action", "") != "SCMP_ACT_ALLOW") continue;
    if (!applies(rule, engine_arch, capabilities, kernel)) continue;
    std::vector<std::string> names = strings(rule, "names");
    if (rule.contains("name") && rule["name"].is_string()) names.push_back(rule["name"]);
    for (const auto& name : names)
      if (is_syscall(arch, name)) allowed.insert(name);
  }
  return {allowed.begin(), allowed.end()};
}

std::string_view engine_name(DefaultProfileOf engine) {
  return engine == DefaultProfileOf::kPodman ? "Podman" : "Docker";
}

std::optional<EngineDefault> engine_default(const Architecture& arch,
                                            std::string_view kernel_release,
                                            DefaultProfileOf engine) {
  const bool podman = engine == DefaultProfileOf::kPodman;
  const std::array<std::string_view, 2> paths =
      podman ? std::array{kPodmanOverrideProfile, kPodmanDefaultProfile}
             : std::array{kPackagedDefaultProfile, kInstalledDefaultProfile};
  const std::span<const std::string_view> capabilities =
      podman ? std::span<const std::string_view>(kPodmanDefaultCapabilities)
             : std::span<const std::string_view>(kEngineDefaultCapabilities);
  for (std::filesystem::path path : paths) {
    std::ifstream in(path);
    if (!in) continue;
    nlohmann::json profile;
    try {
      profile = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error("engine default seccomp profile " + path.string() + ": " + e.what());
    }
    return EngineDefault{
        path,
        allowed_syscalls(profile, arch, capabilities, parse_kernel_version(kernel_release)).size()};
  }
  return std::nullopt;
}

}  // namespace minify::seccomp
