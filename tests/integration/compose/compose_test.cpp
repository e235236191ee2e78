// `minify build --compose-file FILE --service NAME` through the minify binary: an app
// (tests/fixtures/config-app) and its database (Redis) from a two-service compose file. The
// database is started through the engine, healthy before the app runs; the app is slimmed and the
// slim image verified answering like the original with its database; then everything the run made
// (containers, the project's network and volume) is gone.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "../build/build_test_support.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;

namespace {

bool exists(const std::string& kind, const std::string& name) {
  return run_process({"docker", kind, "inspect", name}).status == 0;
}

}  // namespace

TEST_CASE("an app and its database from a compose file: slimmed, verified, torn down") {
  std::string app = fixture_image("config-app");
  require_fixture_image(app);
  std::string redis = ensure_conformance_image("redis-gosu");
  std::string project = unique_name("minify-runopts-compose");
  TempDir dir;
  std::ofstream(dir.path() / "app.env") << "APP_GREETING=hello from compose\n";
  std::filesystem::path file = dir.path() / "compose.yaml";
  std::ofstream(file) << "name: " << project << R"(
services:
  app:
    image: )" << app << R"(
    env_file: app.env
    environment:
      REDIS_HOST: cache
    depends_on:
      cache:
        condition: service_healthy
  cache:
    image: )" << redis << R"(
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 500ms
      retries: 60
volumes:
  data:
)";
  std::string tag = unique_tag("compose-app");
  ImageCleanup cleanup(tag);
  std::string report_path = (dir.path() / "report.json").string();
  ProcessResult result = run_minify({"build", "--compose-file", file.string(), "--service", "app",
                                     "--tag", tag, "--probe", "GET /db", "--report", report_path});
  INFO("minify stderr:\n" << result.err);
  REQUIRE(result.status == 0);
  CHECK(result.err.find("compose: starting cache") != std::string::npos);
  auto report = read_json(report_path);
  CHECK(report["original"]["reference"] == app);
  CHECK(report["verify"]["passed"] == true);
  bool db_answered = false;
  for (const auto& probe : report["probes"])
    if (probe["name"] == "GET /db")
      db_answered = probe["original"]["status"] == 200 && probe["slim"]["status"] == 200;
  CHECK(db_answered);
  // The project's network and the volume it made are gone with its containers.
  CHECK_FALSE(exists("network", project + "_default"));
  CHECK_FALSE(exists("volume", project + "_data"));
  CHECK(minify_containers_of(redis).empty());
  CHECK(minify_containers_of(app).empty());
}

TEST_CASE("what a compose run cannot do is one line, and nothing is made") {
  TempDir dir;
  std::filesystem::path file = dir.path() / "compose.yaml";
  std::ofstream(file) << "services:\n  app:\n    build: .\n";
  ProcessResult built = run_minify({"build", "--compose-file", file.string(), "--service", "app"});
  CHECK(built.status == 1);
  CHECK(built.err.find("services.app.build: building images is out of minify's scope") !=
        std::string::npos);
  CHECK(std::count(built.err.begin(), built.err.end(), '\n') == 1);

  std::ofstream(file) << "services:\n  app:\n    image: minify-fixture/config-app\n";
  ProcessResult unknown = run_minify({"build", "--compose-file", file.string(), "--service", "db"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("no service 'db' in the compose file (it has app)") != std::string::npos);

  ProcessResult both = run_minify(
      {"build", "minify-fixture/config-app", "--compose-file", file.string(), "--service", "app"});
  CHECK(both.status == 2);

  // A dependency that never gets healthy: one line naming it, its containers and network gone.
  std::string project = unique_name("minify-runopts-sick");
  std::ofstream(file) << "name: " << project << R"(
services:
  app:
    image: minify-fixture/config-app
    depends_on: {sick: {condition: service_healthy}}
  sick:
    image: minify-fixture/config-app
    environment: {APP_GREETING: x}
    healthcheck: {test: ["CMD", "false"], interval: 200ms, retries: 2}
)";
  ProcessResult sick = run_minify({"build", "--compose-file", file.string(), "--service", "app"});
  CHECK(sick.status == 1);
  CHECK(sick.err.find("service sick is unhealthy") != std::string::npos);
  CHECK_FALSE(exists("network", project + "_default"));
  CHECK(minify_containers_of("minify-fixture/config-app").empty());
}
