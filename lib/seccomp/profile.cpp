#include "seccomp/profile.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "seccomp/runtime_baseline.h"
#include "seccomp/syscall_names.h"

namespace minify::seccomp {
namespace {

constexpr const char* kComment =
    "made by minify: the syscalls the app made under its sensor, plus the container runtime's own "
    "baseline";

std::vector<std::string> sorted_unique(std::set<std::string> names) {
  return {names.begin(), names.end()};
}

[[noreturn]] void invalid(const std::string& what) {
  throw InvalidProfile("seccomp profile: " + what);
}

const nlohmann::json& member(const nlohmann::json& json, const char* name, const char* where) {
  if (!json.is_object()) invalid(std::string(where) + " is not an object");
  auto it = json.find(name);
  if (it == json.end()) invalid(std::string(where) + " has no \"" + name + "\"");
  return *it;
}

struct FilterContext {
  explicit FilterContext(std::uint32_t default_action) : ctx(seccomp_init(default_action)) {
    if (!ctx) throw std::runtime_error("libseccomp: seccomp_init failed");
  }
  ~FilterContext() { seccomp_release(ctx); }
  FilterContext(const FilterContext&) = delete;
  FilterContext& operator=(const FilterContext&) = delete;
  scmp_filter_ctx ctx;
};

}  // namespace

Profile profile_from_record(const record::Record& record) {
  if (record.mode != "full") {
    throw std::invalid_argument(
        "a seccomp profile needs a record made in \"full\" mode (this one is \"" + record.mode +
        "\": it lists only the path syscalls)");
  }
  if (!record.complete) {
    throw std::invalid_argument(
        "a seccomp profile needs a complete record (this one is a flush made while the app ran)");
  }
  Profile profile{architecture(record.arch), {}, {}};
  std::set<std::string> observed;
  for (const auto& call : record.syscalls) {
    if (call.count > 0) observed.insert(syscall_name(profile.arch, call.nr));
  }
  std::set<std::string> allowed = observed;
  // The baseline was measured on x86_64; a name the traced architecture lacks (e.g. "fstat" where
  // only "newfstatat" exists) cannot be made there, so it has nothing to allow.
  for (auto group : {std::span<const std::string_view>(kRuntimeObserved),
                     std::span<const std::string_view>(kRuntimeGoScheduler)}) {
    for (auto name : group) {
      if (is_syscall(profile.arch, name)) allowed.emplace(name);
    }
  }
  profile.observed = sorted_unique(std::move(observed));
  profile.allowed = sorted_unique(std::move(allowed));
  return profile;
}

nlohmann::json to_docker_json(const Profile& profile) {
  return {
      {"defaultAction", "SCMP_ACT_ERRNO"},
      {"archMap", nlohmann::json::array({{{"architecture", profile_arch_name(profile.arch)},
                                          {"subArchitectures", nlohmann::json::array()}}})},
      {"syscalls", nlohmann::json::array({{{"names", profile.allowed},
                                           {"action", "SCMP_ACT_ALLOW"},
                                           {"args", nlohmann::json::array()},
                                           {"comment", kComment},
                                           {"includes", nlohmann::json::object()},
                                           {"excludes", nlohmann::json::object()}}})},
  };
}

Profile profile_from_docker_json(const nlohmann::json& json) {
  if (member(json, "defaultAction", "the profile") != "SCMP_ACT_ERRNO")
    invalid("\"defaultAction\" is not \"SCMP_ACT_ERRNO\"");
  const auto& arch_map = member(json, "archMap", "the profile");
  if (!arch_map.is_array() || arch_map.size() != 1) invalid("\"archMap\" is not one architecture");
  const auto& arch_name = member(arch_map[0], "architecture", "\"archMap\"[0]");
  if (!arch_name.is_string() || arch_name.get<std::string>().rfind("SCMP_ARCH_", 0) != 0)
    invalid("\"archMap\"[0].architecture is not an SCMP_ARCH_ name");
  std::string name = arch_name.get<std::string>().substr(std::strlen("SCMP_ARCH_"));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  Profile profile;
  try {
    profile.arch = architecture(name);
  } catch (const std::invalid_argument& e) {
    invalid(e.what());
  }
  const auto& rules = member(json, "syscalls", "the profile");
  if (!rules.is_array() || rules.size() != 1) invalid("\"syscalls\" is not one rule");
  if (member(rules[0], "action", "the rule") != "SCMP_ACT_ALLOW")
    invalid("the rule's action is not SCMP_ACT_ALLOW");
  const auto& names = member(rules[0], "names", "the rule");
  if (!names.is_array()) invalid("the rule's \"names\" is not an array");
  for (const auto& n : names) {
    if (!n.is_string()) invalid("the rule's \"names\" holds a non-string: " + n.dump());
    profile.allowed.push_back(n.get<std::string>());
  }
  if (!std::is_sorted(profile.allowed.begin(), profile.allowed.end()) ||
      std::adjacent_find(profile.allowed.begin(), profile.allowed.end()) != profile.allowed.end())
    invalid("the rule's \"names\" are not sorted and unique");
  return profile;
}

void check_compiles(const Profile& profile) {
  FilterContext filter(SCMP_ACT_ERRNO(EPERM));
  // seccomp_init() starts with the native architecture; compile for the traced one alone.
  if (profile.arch.token != seccomp_arch_native()) {
    if (int rc = seccomp_arch_add(filter.ctx, profile.arch.token); rc != 0)
      invalid("libseccomp cannot add architecture " + profile.arch.name + ": " +
              std::strerror(-rc));
    seccomp_arch_remove(filter.ctx, SCMP_ARCH_NATIVE);
  }
  for (const auto& name : profile.allowed) {
    int number = 0;
    try {
      number = syscall_number(profile.arch, name);
    } catch (const UnknownSyscall& e) {
      invalid(e.what());
    }
    if (int rc = seccomp_rule_add(filter.ctx, SCMP_ACT_ALLOW, number, 0); rc != 0)
      invalid("libseccomp rejects '" + name + "': " + std::strerror(-rc));
  }
  // Exporting generates the BPF program, which is where a filter that cannot be built fails.
  const int fd = memfd_create("minify-seccomp-check", MFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
  const int rc = seccomp_export_bpf(filter.ctx, fd);
  close(fd);
  if (rc != 0) invalid(std::string("libseccomp cannot build the filter: ") + std::strerror(-rc));
}

void write_profile(const Profile& profile, const std::filesystem::path& path) {
  check_compiles(profile);
  auto temporary = path;
  temporary += ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary);
    out << to_docker_json(profile).dump(2) << "\n";
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error("cannot write seccomp profile " + path.string() + ": " +
                               std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(temporary, ec);
    throw std::runtime_error("cannot write seccomp profile " + path.string() + ": " + why);
  }
}

}  // namespace minify::seccomp
