#pragma once
// How many syscalls the engine's own default profile allows, to set beside a minify profile.
// Docker's and Podman's defaults differ (their lists and the capabilities they give): the count
// is the one of the engine that runs the containers, named as such.
//
// Docker compiles its default profile into dockerd; the engine's API does not hand it out. Its
// source, profiles/seccomp/default.json, ships in Debian's golang-github-docker-docker-dev,
// built from the same source package as docker.io. scripts/install-deps copies that one file to
// kInstalledDefaultProfile (the package itself would bring the whole Go toolchain along).

#include <array>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "seccomp/architecture.h"

namespace minify::seccomp {

// Where the default profile is looked for, in order: the Debian package's own path, then where
// scripts/install-deps puts the file taken from that package.
inline constexpr std::string_view kPackagedDefaultProfile =
    "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json";
inline constexpr std::string_view kInstalledDefaultProfile =
    "/usr/local/share/minify/docker-default-seccomp.json";

// Podman reads its default from containers-common's file (the override in /etc first, as
// containers/common's seccomp.DefaultProfile does), the same Docker-format document.
inline constexpr std::string_view kPodmanOverrideProfile = "/etc/containers/seccomp.json";
inline constexpr std::string_view kPodmanDefaultProfile = "/usr/share/containers/seccomp.json";

// Whose default profile: the engine's (engine::EngineKind, mapped by lib/pipeline).
enum class DefaultProfileOf { kDocker, kPodman };

// "Docker", "Podman".
std::string_view engine_name(DefaultProfileOf engine);

// The capabilities Docker gives a container by default (its bounding set), which decide the
// default profile's "includes"/"excludes" rules.
inline constexpr std::array<std::string_view, 14> kEngineDefaultCapabilities = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE",
};

// Podman's default capabilities (containers-common's containers.conf default_capabilities):
// fewer than Docker's (no MKNOD, NET_RAW, AUDIT_WRITE).
inline constexpr std::array<std::string_view, 11> kPodmanDefaultCapabilities = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE",     "CAP_FOWNER",     "CAP_FSETID",
    "CAP_KILL",    "CAP_NET_BIND_SERVICE", "CAP_SETFCAP",    "CAP_SETGID",
    "CAP_SETPCAP", "CAP_SETUID",           "CAP_SYS_CHROOT",
};

struct KernelVersion {
  unsigned major = 0;
  unsigned minor = 0;
};

// "6.1.0-13-amd64" -> {6, 1}; throws std::invalid_argument for a string that does not start so.
KernelVersion parse_kernel_version(std::string_view release);

// The syscall names a Docker-format profile allows (by a SCMP_ACT_ALLOW rule, with or without
// argument conditions) for a container of `arch` with `capabilities` on `kernel`, applying the
// rules' "includes"/"excludes" as the engine does; only names that are syscalls of `arch`.
// Sorted, unique. Throws std::runtime_error naming the field of a malformed profile.
std::vector<std::string> allowed_syscalls(const nlohmann::json& profile, const Architecture& arch,
                                          std::span<const std::string_view> capabilities,
                                          KernelVersion kernel);

struct EngineDefault {
  std::filesystem::path source;  // the default.json that was read
  std::size_t allowed = 0;       // allowed_syscalls() with the default capabilities
};

// The engine default's count, or nullopt when its file is not on this machine (the report then
// says so). `kernel_release` is the engine's kernel (GET /version KernelVersion).
std::optional<EngineDefault> engine_default(const Architecture& arch,
                                            std::string_view kernel_release,
                                            DefaultProfileOf engine = DefaultProfileOf::kDocker);

}  // namespace minify::seccomp
