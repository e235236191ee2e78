#pragma once
// The package databases `minify diff` reads, parsed from their real file contents. Each parser
// takes the whole file as an image layer carries it and never throws: a database it cannot make
// sense of yields what it could read (an empty list at worst), since a diff must not fail on one
// odd file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::diff {

struct Package {
  std::string name;
  std::string version;
  std::uint64_t bytes = 0;  // installed size when the database says it; 0 = unknown

  bool operator==(const Package&) const = default;
};

// dpkg's /var/lib/dpkg/status (or one file of distroless' status.d): the paragraphs whose Status
// ends in "installed", or that have no Status (status.d's); Installed-Size is in KiB.
std::vector<Package> parse_dpkg_status(std::string_view text);

// apk's /lib/apk/db/installed: P: name, V: version, I: installed size in bytes.
std::vector<Package> parse_apk_installed(std::string_view text);

// A Python distribution's *.dist-info/METADATA (or *.egg-info/PKG-INFO): Name and Version from
// its headers (which end at the first blank line). nullopt without a Name.
std::optional<Package> parse_python_metadata(std::string_view text);

// An npm package's package.json: "name" and "version". nullopt when it is not JSON or has no name.
std::optional<Package> parse_npm_package_json(std::string_view text);

}  // namespace minify::diff
