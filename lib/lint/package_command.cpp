#include "lint/package_command.h"

#include "lint/lint_context.h"

namespace minify::lint {
namespace {

PackageManager manager_of(std::string_view program) {
  if (program == "apt-get" || program == "apt" || program == "aptitude")
    return PackageManager::kApt;
  if (program == "apk") return PackageManager::kApk;
  if (program == "yum" || program == "dnf" || program == "microdnf" || program == "tdnf")
    return PackageManager::kRpm;
  if (program == "zypper") return PackageManager::kZypper;
  return PackageManager::kNone;
}

std::string normalise(PackageManager m, const std::string& sub) {
  if (sub == "in" && m == PackageManager::kZypper) return "install";
  if (sub == "add" && m == PackageManager::kApk) return "install";
  if (sub == "del" && m == PackageManager::kApk) return "remove";
  if (sub == "purge" || sub == "erase" || sub == "autoremove" || sub == "rm") return "remove";
  if (sub == "dist-upgrade" || sub == "full-upgrade" ||
      (sub == "update" && m == PackageManager::kRpm))
    return "upgrade";  // yum/dnf update upgrades packages
  if (sub == "cc") return "clean";
  return sub;
}

}  // namespace

PackageCommand package_command(const std::vector<std::string>& words) {
  PackageCommand pc;
  if (words.empty()) return pc;
  pc.manager = manager_of(words[0]);
  if (pc.manager == PackageManager::kNone) return pc;
  std::string sub = subcommand(words, {"-o", "-c", "-t", "--repository", "-X", "--virtual",
                                       "--enablerepo", "--disablerepo", "--setopt"});
  pc.action = normalise(pc.manager, sub);
  if (pc.action != "install" && pc.action != "remove") return pc;
  bool after_sub = false;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!after_sub) {
      after_sub = w == sub;
      continue;
    }
    if (w.starts_with('-')) {
      if (w == "-t" || w == "--virtual" || w == "-o") ++i;  // options with a value
      continue;
    }
    std::string name = w.substr(0, w.find('='));  // apt's pkg=version
    if (pc.manager == PackageManager::kApk) name = name.substr(0, name.find_first_of("<>~="));
    if (!name.empty()) pc.packages.push_back(name);
  }
  return pc;
}

}  // namespace minify::lint
