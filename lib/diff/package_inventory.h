#pragma once
// Which packages an image holds, by package manager, read from the files its final filesystem
// carries: dpkg (var/lib/dpkg/status, or distroless' var/lib/dpkg/status.d/*), apk
// (lib/apk/db/installed), Python (*.dist-info/METADATA and *.egg-info/PKG-INFO in a site-packages
// or dist-packages directory), npm (node_modules/NAME/package.json and
// node_modules/@SCOPE/NAME/package.json, at most kMaxNodeModulesDepth node_modules deep). An rpm
// database is noticed and said unsupported: reading it needs librpm and the database on disk.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "diff/package_parsers.h"
#include "image/image.h"
#include "image/merged_view.h"

namespace minify::diff {

// node_modules/a (1) and node_modules/a/node_modules/b (2, what npm could not hoist) are listed;
// copies nested deeper are not: they repeat packages already listed, and a big app has thousands.
constexpr int kMaxNodeModulesDepth = 2;

// The managers read here, in the order reports list them.
inline constexpr const char* kPackageManagers[] = {"dpkg", "apk", "rpm", "python", "npm"};

struct PackageDatabase {
  std::string manager;    // "dpkg", "apk", "python", "npm", "rpm"
  std::string path;       // where it was read: the database file, or the first metadata file found
  bool supported = true;  // false for rpm: the database is there but not read
  // By name. A name installed twice (npm at two depths, two Python site-packages) holds its
  // versions joined with ", " and their sizes summed.
  std::map<std::string, Package> packages;
};

// True for the files read here: the reader keeps them whole (image::IndexOptions::capture).
bool is_package_file(std::string_view path);

// The databases found in `view` (merged from `image`'s layers, indexed with is_package_file
// captured), in the order above; a manager the image has no trace of is absent.
std::vector<PackageDatabase> read_packages(const image::Image& image,
                                           const image::MergedView& view);

}  // namespace minify::diff
