// `minify diff` as a user runs it, on real images: a fixture and the same fixture plus one apt
// package (from the engine and from two docker-archives), and a fixture and its slim image.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace minify::test;
using nlohmann::json;

namespace {

const json* manager(const json& report, const std::string& name) {
  for (const json& p : report["packages"])
    if (p["manager"] == name) return &p;
  return nullptr;
}

json diff_json(const std::string& a, const std::string& b) {
  ProcessResult result = run_minify({"diff", a, b, "--json"});
  INFO("minify stderr:\n" << result.err);
  REQUIRE(result.status == 0);
  return json::parse(result.out);  // stdout is the report and nothing else
}

// bookworm -> one-package: one dpkg package added, the base shared, tree's files added.
void check_one_package(const json& report) {
  CHECK(report["schema_version"] == 1);
  CHECK(report["layers"]["shared"] == report["layers"]["a"]);
  CHECK(report["layers"]["b"].get<int>() == report["layers"]["a"].get<int>() + 1);
  const json* dpkg = manager(report, "dpkg");
  REQUIRE(dpkg != nullptr);
  CHECK((*dpkg)["status"] == "compared");
  REQUIRE((*dpkg)["added"].size() == 1);
  CHECK((*dpkg)["added"][0]["name"] == "tree");
  CHECK((*dpkg)["added"][0]["bytes_b"].get<std::uint64_t>() > 0);
  CHECK((*dpkg)["removed"].empty());
  CHECK((*dpkg)["changed"].empty());
  CHECK((*dpkg)["unchanged"] == (*dpkg)["packages_a"]);
  bool tree_added = false;
  for (const json& f : report["largest_added"]) tree_added |= f["path"] == "/usr/bin/tree";
  CHECK(tree_added);
  // The recipe's `rm -rf /var/lib/apt/lists/*` removes the base's empty lock file, nothing more.
  CHECK(report["files"]["removed"]["bytes_a"] == 0);
  // dpkg's status changed (one paragraph more); apt's and dpkg's logs too.
  bool status_changed = false;
  for (const json& f : report["largest_changed"])
    status_changed |= f["path"] == "/var/lib/dpkg/status";
  CHECK(status_changed);
}

}  // namespace

TEST_CASE("diff of two engine images that differ by one apt package names that package") {
  require_fixture_image(fixture_image("bookworm"));
  require_fixture_image(fixture_image("one-package"));
  check_one_package(diff_json(fixture_image("bookworm"), fixture_image("one-package")));

  ProcessResult text =
      run_minify({"diff", fixture_image("bookworm"), fixture_image("one-package")});
  INFO("minify stderr:\n" << text.err);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("dpkg: 1 added, 0 removed, 0 changed") != std::string::npos);
  CHECK(text.out.find("    + tree ") != std::string::npos);
}

TEST_CASE("diff of two docker-archives gives what the engine's images give") {
  require_fixture_image(fixture_image("bookworm"));
  require_fixture_image(fixture_image("one-package"));
  TempDir dir;
  std::string a = (dir / "bookworm.tar").string(), b = (dir / "one-package.tar").string();
  REQUIRE(run_process({"docker", "save", "-o", a, fixture_image("bookworm")}).status == 0);
  REQUIRE(run_process({"docker", "save", "-o", b, fixture_image("one-package")}).status == 0);
  json from_files = diff_json("docker-archive:" + a, b);  // skopeo's spelling, and a plain path
  check_one_package(from_files);
  json from_engine = diff_json(fixture_image("bookworm"), fixture_image("one-package"));
  CHECK(from_files["files"] == from_engine["files"]);
  CHECK(from_files["packages"] == from_engine["packages"]);
  CHECK(from_files["a"]["format"] == "docker-archive");
}

TEST_CASE("a missing image or file: one line, exit 1, no report") {
  ProcessResult missing =
      run_minify({"diff", fixture_image("bookworm"), "minify-diff-no-such-image:1"});
  CHECK(missing.status == 1);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("minify-diff-no-such-image") != std::string::npos);
  ProcessResult no_file = run_minify({"diff", "docker-archive:/no/such.tar", "oci:/no/such"});
  CHECK(no_file.status == 1);
  CHECK(no_file.err.find("no such image file: /no/such") != std::string::npos);
  ProcessResult usage = run_minify({"diff", fixture_image("bookworm")});
  CHECK(usage.status == 2);
}
