// minify against Podman's Docker-compatible API, for real: a `podman system service` of the
// test's own (podman_service.h) holding a copy of the python-web fixture, minify pointed at it
// with DOCKER_HOST. xray, build (verified: the slim image answers), profile and build --seccomp,
// each checked as a user would; docs/engines.md says what Podman does differently.

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podman_service.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using namespace minify::test;

const std::string kApp = fixture_image("python-web");

ProcessResult minify_on(const PodmanService& podman, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"env", podman.docker_host(), minify_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

}  // namespace

TEST_CASE("Podman: version, xray, build, profile and build --seccomp through its compatible API") {
  require_fixture_image(kApp);
  PodmanService podman;
  podman.copy_from_docker(kApp);
  TempDir out;

  auto version = minify_on(podman, {"version"});
  CHECK(version.status == 0);
  CHECK(version.out.find("engine Podman ") != std::string::npos);

  auto xray = minify_on(podman, {"xray", kApp, "--json"});
  INFO(xray.err);
  CHECK(xray.status == 0);
  CHECK(nlohmann::json::parse(xray.out)["summary"]["layers"].get<int>() > 0);

  const std::string profile_path = (out / "app.json").string();
  auto profile = minify_on(podman, {"profile", kApp, "--seccomp", profile_path});
  INFO(profile.err);
  REQUIRE(profile.status == 0);
  CHECK(profile.out.find("Podman's default profile allows ") != std::string::npos);
  CHECK(profile.out.find("verify   passed") != std::string::npos);

  // build --seccomp: the slim image verified (it answers like the original), then the slim image
  // and the original under the profile; the report names Podman's default.
  const std::string slim = "localhost/minify-registry/python-web.slim:podman";
  auto build =
      minify_on(podman, {"build", kApp, "--tag", slim, "--seccomp", (out / "build.json").string(),
                         "--report", (out / "report.json").string()});
  INFO(build.err);
  REQUIRE(build.status == 0);
  CHECK(build.out.find("verify   passed") != std::string::npos);
  auto report = nlohmann::json::parse(read_file(out / "report.json"));
  CHECK(report["verify"]["passed"] == true);
  // Podman's default seccomp profile, like Docker's, lets the sensor (with CAP_SYS_ADMIN) load
  // its eBPF program: no "eBPF unavailable" warning.
  for (const auto& warning : report["warnings"]) {
    CHECK_MESSAGE(warning.get<std::string>().find("eBPF") == std::string::npos, warning);
  }
  CHECK(report["verify"]["ran"] == true);
  CHECK(report["seccomp"]["engine"] == "Podman");
  CHECK(report["seccomp"]["engine_default"]["source"] == "/usr/share/containers/seccomp.json");
  CHECK(podman.podman({"image", "exists", slim}).status == 0);

  // Nothing of minify's is left on that engine: no container, and no image but the two.
  auto containers = podman.podman({"ps", "-a", "-q"});
  CHECK(containers.out.empty());
  auto images = podman.podman({"images", "-q"});
  CHECK(std::count(images.out.begin(), images.out.end(), '\n') == 2);
}
