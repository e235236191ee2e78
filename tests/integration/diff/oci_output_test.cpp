// `minify build --output oci:DIR` writes an OCI image layout that skopeo reads and copies into the
// engine, whose image answers as the original; `minify xray` reads it, and `minify diff` of the
// original and its slim layout says the slim image has no package database.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;
using nlohmann::json;

namespace {

// Removes the image the test copied into the engine, however the test ends.
struct ImageCleanup {
  std::string name;
  ~ImageCleanup() { run_process({"docker", "image", "rm", "-f", name}); }
};

}  // namespace

TEST_CASE("build --output oci:DIR: skopeo, the engine, xray and diff all read it") {
  std::string original = fixture_image("shell-job");
  require_fixture_image(original);
  TempDir dir;
  std::string layout = (dir / "slim").string();
  std::string tag = unique_name("minify-diff-oci") + ":slim";
  ProcessResult build = run_minify(
      {"build", original, "--tag", tag, "--output", "oci:" + layout, "--verify=false", "--json"});
  INFO("minify build stderr:\n" << build.err);
  REQUIRE(build.status == 0);
  json report = json::parse(build.out);
  CHECK(report["output"] == "oci:" + layout);
  CHECK_FALSE(image_exists(tag));  // written, not loaded

  json index = json::parse(run_process({"cat", layout + "/index.json"}).out);
  REQUIRE(index["manifests"].size() == 1);
  CHECK(index["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"] == "slim");

  ProcessResult inspect = run_process({"skopeo", "inspect", "oci:" + layout});
  INFO("skopeo inspect stderr:\n" << inspect.err);
  REQUIRE(inspect.status == 0);
  CHECK(json::parse(inspect.out)["Layers"].size() == 1);

  ImageCleanup cleanup{tag};
  ProcessResult copy = run_process({"skopeo", "copy", "oci:" + layout, "docker-daemon:" + tag});
  INFO("skopeo copy stderr:\n" << copy.err);
  REQUIRE(copy.status == 0);
  ProcessResult slim_run = run_process({"docker", "run", "--rm", tag});
  ProcessResult original_run = run_process({"docker", "run", "--rm", original});
  REQUIRE(original_run.status == 0);
  CHECK(slim_run.status == 0);
  CHECK(slim_run.out == original_run.out);
  // The engine names the copied image by the config digest minify reported.
  CHECK(run_process({"docker", "image", "inspect", "--format", "{{.Id}}", tag}).out ==
        report["slim"]["id"].get<std::string>() + "\n");

  ProcessResult xray = run_minify({"xray", "oci:" + layout, "--json"});
  INFO("minify xray stderr:\n" << xray.err);
  REQUIRE(xray.status == 0);
  json xrayed = json::parse(xray.out);
  CHECK(xrayed["image"]["format"] == "oci");
  CHECK(xrayed["summary"]["layers"] == 1);
  CHECK(xrayed["image"]["id"] == report["slim"]["id"]);

  ProcessResult diff = run_minify({"diff", original, "oci:" + layout + ":slim", "--json"});
  INFO("minify diff stderr:\n" << diff.err);
  REQUIRE(diff.status == 0);
  json diffed = json::parse(diff.out);
  CHECK(diffed["b"]["format"] == "oci");
  CHECK(diffed["size"]["ratio"].get<double>() < 0.5);
  CHECK(diffed["files"]["added"]["files"] == 0);
  CHECK(diffed["files"]["removed"]["files"].get<int>() > 1000);
  CHECK(diffed["layers"]["shared"] == 0);
  REQUIRE(diffed["packages"].size() >= 1);
  CHECK(diffed["packages"][0]["manager"] == "dpkg");
  CHECK(diffed["packages"][0]["status"] == "only_in_a");
  CHECK(diffed["packages"][0]["removed"].empty());

  ProcessResult text = run_minify({"diff", original, "oci:" + layout});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("dpkg: no package database in B") != std::string::npos);
}
