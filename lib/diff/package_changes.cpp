#include "diff/package_changes.h"

namespace minify::diff {

namespace {

const PackageDatabase* find(const std::vector<PackageDatabase>& databases,
                            const std::string& manager) {
  for (const PackageDatabase& db : databases)
    if (db.manager == manager) return &db;
  return nullptr;
}

PackageChanges compare(const std::string& manager, const PackageDatabase* a,
                       const PackageDatabase* b) {
  PackageChanges out;
  out.manager = manager;
  if (a != nullptr) {
    out.path_a = a->path;
    out.packages_a = a->packages.size();
  }
  if (b != nullptr) {
    out.path_b = b->path;
    out.packages_b = b->packages.size();
  }
  if ((a != nullptr && !a->supported) || (b != nullptr && !b->supported)) {
    out.status = PackageStatus::kNotSupported;
    return out;
  }
  if (b == nullptr) {
    out.status = PackageStatus::kOnlyInA;
    return out;
  }
  if (a == nullptr) {
    out.status = PackageStatus::kOnlyInB;
    return out;
  }
  for (const auto& [name, package] : a->packages) {
    auto other = b->packages.find(name);
    if (other == b->packages.end()) {
      out.removed.push_back({name, package.version, "", package.bytes, 0});
    } else if (other->second.version != package.version) {
      out.changed.push_back(
          {name, package.version, other->second.version, package.bytes, other->second.bytes});
    } else {
      out.unchanged += 1;
    }
  }
  for (const auto& [name, package] : b->packages) {
    if (!a->packages.contains(name))
      out.added.push_back({name, "", package.version, 0, package.bytes});
  }
  return out;
}

}  // namespace

std::string_view package_status_name(PackageStatus status) {
  switch (status) {
    case PackageStatus::kCompared:
      return "compared";
    case PackageStatus::kOnlyInA:
      return "only_in_a";
    case PackageStatus::kOnlyInB:
      return "only_in_b";
    case PackageStatus::kNotSupported:
      return "not_supported";
  }
  return "compared";
}

std::vector<PackageChanges> compare_packages(const std::vector<PackageDatabase>& a,
                                             const std::vector<PackageDatabase>& b) {
  std::vector<PackageChanges> out;
  for (const char* manager : kPackageManagers) {
    const PackageDatabase* in_a = find(a, manager);
    const PackageDatabase* in_b = find(b, manager);
    if (in_a != nullptr || in_b != nullptr) out.push_back(compare(manager, in_a, in_b));
  }
  return out;
}

}  // namespace minify::diff
