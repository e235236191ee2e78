#pragma once
// Recognises package-manager commands in a RUN (apt-get/apt, apk, yum/dnf/microdnf/tdnf,
// zypper) from a command's program_words: what it does and which packages it names.

#include <string>
#include <string_view>
#include <vector>

namespace minify::lint {

enum class PackageManager { kNone, kApt, kApk, kRpm, kZypper };

struct PackageCommand {
  PackageManager manager = PackageManager::kNone;
  std::string action;  // normalised: "install", "update", "upgrade", "remove", "clean", ...
  std::vector<std::string> packages;  // for install/remove: names without version pins
};

PackageCommand package_command(const std::vector<std::string>& words);

}  // namespace minify::lint
