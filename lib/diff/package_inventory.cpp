#include "diff/package_inventory.h"

#include <algorithm>

#include "image/entry_path.h"

namespace minify::diff {

namespace {

constexpr std::string_view kDpkgStatus = "var/lib/dpkg/status";
constexpr std::string_view kDpkgStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kApkInstalled = "lib/apk/db/installed";
constexpr std::string_view kRpmDatabases[] = {"var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages",
                                              "usr/lib/sysimage/rpm/rpmdb.sqlite",
                                              "usr/lib/sysimage/rpm/Packages"};

// ".../site-packages/NAME.dist-info/METADATA" and ".../NAME.egg-info/PKG-INFO".
bool is_python_metadata(std::string_view path) {
  std::string_view file = image::base_name(path);
  std::string_view dir = image::parent_path(path);
  bool dist_info = file == "METADATA" && dir.ends_with(".dist-info");
  bool egg_info = file == "PKG-INFO" && dir.ends_with(".egg-info");
  if (!dist_info && !egg_info) return false;
  std::string_view packages_dir = image::base_name(image::parent_path(dir));
  return packages_dir == "site-packages" || packages_dir == "dist-packages";
}

// "node_modules/NAME/package.json" or "node_modules/@SCOPE/NAME/package.json", within
// kMaxNodeModulesDepth node_modules.
bool is_npm_manifest(std::string_view path) {
  if (image::base_name(path) != "package.json") return false;
  std::string_view dir = image::parent_path(path);  // .../node_modules/[@scope/]name
  std::string_view above = image::parent_path(dir);
  if (image::base_name(above).starts_with('@')) above = image::parent_path(above);
  if (image::base_name(above) != "node_modules") return false;
  int depth = 0;
  for (std::size_t at = path.find("node_modules"); at != std::string_view::npos;
       at = path.find("node_modules", at + 1)) {
    bool whole = (at == 0 || path[at - 1] == '/') && path.substr(at + 12, 1) == "/";
    if (whole) ++depth;
  }
  return depth <= kMaxNodeModulesDepth;
}

bool is_dpkg_status_file(std::string_view path) {
  return path == kDpkgStatus || (path.starts_with(kDpkgStatusDir) &&
                                 path.find('/', kDpkgStatusDir.size()) == std::string_view::npos);
}

// The contents of `path` as the final filesystem has it: captured in the layer that wrote it last
// (for a hard link, in the layer that wrote its target).
const std::string* contents_of(const image::Image& image, const std::string& path,
                               const image::MergedEntry& entry) {
  if (entry.layer >= image.layers.size()) return nullptr;
  const auto& captured = image.layers[entry.layer].index->captured;
  auto it = captured.find(path);
  if (it != captured.end()) return &it->second;
  if (!entry.hard_link.empty()) {
    for (const auto& layer : image.layers) {
      auto target = layer.index->captured.find(entry.hard_link);
      if (target != layer.index->captured.end()) return &target->second;
    }
  }
  return nullptr;
}

void add(PackageDatabase& database, Package package) {
  auto [it, inserted] = database.packages.try_emplace(package.name, package);
  if (inserted) return;
  Package& known = it->second;
  std::string versions = ", " + known.version + ", ";
  if (versions.find(", " + package.version + ", ") == std::string::npos)
    known.version += ", " + package.version;
  known.bytes += package.bytes;
}

}  // namespace

bool is_package_file(std::string_view path) {
  return is_dpkg_status_file(path) || path == kApkInstalled || is_python_metadata(path) ||
         is_npm_manifest(path);
}

std::vector<PackageDatabase> read_packages(const image::Image& image,
                                           const image::MergedView& view) {
  std::map<std::string, PackageDatabase> found;
  auto database = [&](const char* manager, const std::string& path) -> PackageDatabase& {
    PackageDatabase& db = found[manager];
    if (db.manager.empty()) db = {manager, "/" + path, true, {}};
    return db;
  };
  for (const auto& [path, entry] : view.entries) {
    if (entry.info.type != image::FileType::kRegular) continue;
    if (std::find(std::begin(kRpmDatabases), std::end(kRpmDatabases), path) !=
        std::end(kRpmDatabases)) {
      database("rpm", path).supported = false;
      continue;
    }
    if (!is_package_file(path)) continue;
    const std::string* text = contents_of(image, path, entry);
    if (text == nullptr) continue;  // too big to capture: not a database we know
    if (is_dpkg_status_file(path)) {
      PackageDatabase& db = database("dpkg", path);
      for (Package& package : parse_dpkg_status(*text)) add(db, std::move(package));
    } else if (path == kApkInstalled) {
      PackageDatabase& db = database("apk", path);
      for (Package& package : parse_apk_installed(*text)) add(db, std::move(package));
    } else if (is_python_metadata(path)) {
      if (auto package = parse_python_metadata(*text)) add(database("python", path), *package);
    } else if (auto package = parse_npm_package_json(*text)) {
      add(database("npm", path), *package);
    }
  }
  std::vector<PackageDatabase> databases;
  for (const char* manager : kPackageManagers) {
    auto it = found.find(manager);
    if (it != found.end()) databases.push_back(std::move(it->second));
  }
  return databases;
}

}  // namespace minify::diff
