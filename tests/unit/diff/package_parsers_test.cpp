#include "diff/package_parsers.h"

#include <doctest/doctest.h>

#include "support/file_contents.h"

using namespace minify::diff;

namespace {

std::string data(const std::string& name) {
  return minify::test::read_file(std::string(MINIFY_SOURCE_DIR) + "/tests/unit/diff/data/" + name);
}

const Package* named(const std::vector<Package>& packages, const std::string& name) {
  for (const Package& p : packages)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("dpkg: every installed package of a real bookworm status, sizes in bytes") {
  // minify-fixture/bookworm's /var/lib/dpkg/status, as the image carries it.
  std::vector<Package> packages = parse_dpkg_status(data("bookworm.dpkg-status"));
  CHECK(packages.size() == 88);
  const Package* libc = named(packages, "libc6");
  REQUIRE(libc != nullptr);
  CHECK(libc->version == "2.36-9+deb12u14");
  CHECK(libc->bytes == 13001 * 1024);
  // Conffiles and Description continuation lines are not fields.
  const Package* base = named(packages, "base-files");
  REQUIRE(base != nullptr);
  CHECK(base->version == "12.4+deb12u15");
}

TEST_CASE("dpkg: removed packages whose config files remain are not installed") {
  std::vector<Package> packages = parse_dpkg_status(
      "Package: vim\nStatus: deinstall ok config-files\nVersion: 2:9.0\n\n"
      "Package: jq\r\nStatus: install ok installed\r\nVersion: 1.6-2.1\r\n");
  REQUIRE(packages.size() == 1);
  CHECK(packages[0] == Package{"jq", "1.6-2.1", 0});
}

TEST_CASE("dpkg: a distroless status.d file (no Status field) lists its package") {
  std::vector<Package> packages =
      parse_dpkg_status("Package: tzdata\nVersion: 2024a-0+deb12u1\nInstalled-Size: 2571\n");
  REQUIRE(packages.size() == 1);
  CHECK(packages[0] == Package{"tzdata", "2024a-0+deb12u1", 2571 * 1024});
}

TEST_CASE("apk: name, version and installed size of each package of lib/apk/db/installed") {
  // The format of Alpine's /lib/apk/db/installed (one entry as apk writes it, then a second).
  std::vector<Package> packages = parse_apk_installed(
      "C:Q1Deb0jNytkrjPW4N/eKLZ43BwOlw=\nP:musl\nV:1.2.2-r7\nA:x86_64\nS:383152\nI:622592\n"
      "T:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\n"
      "m:Timo Teras <timo.teras@iki.fi>\nt:1632431095\n"
      "c:bf5bbfdbf780092f387b7abe401fbfceda90c84d\np:so:libc.musl-x86_64.so.1=1\nF:lib\n"
      "R:ld-musl-x86_64.so.1\na:0:0:755\nZ:Q12adwqQOjo9dFl+VJD2Ecd901vhE=\n"
      "R:libc.musl-x86_64.so.1\na:0:0:777\nZ:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=\n\n"
      "C:Q1BD6GBbLEs+Jx+JSBkn+BtWJPMA4=\nP:busybox\nV:1.34.1-r3\nA:x86_64\nI:1949696\n");
  REQUIRE(packages.size() == 2);
  CHECK(packages[0] == Package{"musl", "1.2.2-r7", 622592});
  CHECK(packages[1] == Package{"busybox", "1.34.1-r3", 1949696});
}

TEST_CASE("python: Name and Version from a real METADATA, not from its description") {
  // colorama's METADATA from minify-conformance/flask-numpy's dist-packages.
  auto package = parse_python_metadata(data("colorama.METADATA"));
  REQUIRE(package);
  CHECK(package->name == "colorama");
  CHECK(package->version == "0.4.6");
  CHECK_FALSE(parse_python_metadata("Metadata-Version: 2.1\n\nName: in the body\n"));
}

TEST_CASE("npm: name and version from a real package.json; anything else is no package") {
  // express's package.json from minify-conformance/node-express.
  auto package = parse_npm_package_json(data("express.package.json"));
  REQUIRE(package);
  CHECK(package->name == "express");
  CHECK(package->version == "4.19.2");
  CHECK_FALSE(parse_npm_package_json("{\"version\": \"1.0.0\"}"));
  CHECK_FALSE(parse_npm_package_json("not json"));
  CHECK_FALSE(parse_npm_package_json("[\"name\"]"));
}
