#pragma once
// Packages added, removed and changed between two images, per package manager. When only one
// image has a manager's database (a slim image usually drops /var/lib/dpkg/status), its packages
// are not listed as removed or added: the diff says which side has no database, since the files
// may well still be there.

#include <cstdint>
#include <string>
#include <vector>

#include "diff/package_inventory.h"

namespace minify::diff {

enum class PackageStatus {
  kCompared,      // both images have the database
  kOnlyInA,       // "no package database in B"
  kOnlyInB,       // "no package database in A"
  kNotSupported,  // a database minify does not read (rpm)
};

// "compared", "only_in_a", "only_in_b", "not_supported" (the JSON report's words).
std::string_view package_status_name(PackageStatus status);

struct PackageChange {
  std::string name;
  std::string version_a, version_b;  // "" on the side that does not have it
  std::uint64_t bytes_a = 0, bytes_b = 0;
};

struct PackageChanges {
  std::string manager;
  PackageStatus status = PackageStatus::kCompared;
  std::string path_a, path_b;  // where each database was read, "" when absent
  std::uint64_t packages_a = 0, packages_b = 0;
  std::vector<PackageChange> added, removed, changed;  // by name; all of them
  std::uint64_t unchanged = 0;
};

// One entry per manager either image has, in read_packages()' order.
std::vector<PackageChanges> compare_packages(const std::vector<PackageDatabase>& a,
                                             const std::vector<PackageDatabase>& b);

}  // namespace minify::diff
