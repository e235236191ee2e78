#pragma once
// Resolving the image's USER ("name", "uid", "name:group", "uid:gid") against the image's own
// /etc/passwd and /etc/group, the way the container runtime does. glibc's NSS is not used: a
// static binary's getpwnam would load the wrong libraries (or none) inside the image.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::sensor {

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;        // supplementary groups, the primary gid first
  std::optional<std::string> home;  // from /etc/passwd, when the user is listed there
};

// Throws std::runtime_error with a one-line reason: a name that is not in <root>/etc/passwd (or a
// group not in <root>/etc/group), an empty or malformed spec.
Credentials resolve_user(std::string_view spec, const std::filesystem::path& root);

}  // namespace minify::sensor
