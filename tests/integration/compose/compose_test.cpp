// `minify build --compose-file FILE --service NAME` through the minify binary: an app
// (tests/fixtures/config-app) and its database (Redis) from a two-service compose file. The
// database is started through the engine, healthy before the app runs; the app is slimmed and the
// slim image verified answering like the original with its database; then everything the run made
// (containers, the project's network and volume) is gone. A project whose image tag, environment
// and port come from ${VARIABLE}s (minify's environment, then the project's .env) is slimmed and
// verified the same way.

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
  // The app's settings come through a merge key and an extension field, as real files share them
  // between services: the app reaches its cache only if they were read.
  std::ofstream(file) << "name: " << project << R"(
x-app: &app
  env_file: app.env
  environment:
    REDIS_HOST: cache
services:
  app:
    <<: *app
    x-owner: shop
    image: )" << app << R"(
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

TEST_CASE("${VARIABLE}s from the environment and the project's .env: slimmed and verified") {
  std::string app = fixture_image("config-app");
  require_fixture_image(app);
  std::string project = unique_name("minify-interp-compose");
  TempDir dir;
  // The tag and the port only here; the greeting's default here, its value from minify's
  // environment, which wins.
  std::ofstream(dir.path() / ".env") << "# the project's settings\n"
                                        "export APP_TAG=latest\n"
                                        "APP_PORT=8093 # not the image's 8080\n"
                                        "GREETING=\"hello from ${MINIFY_INTERP_WHO:-.env}\"\n";
  std::filesystem::path file = dir.path() / "compose.yaml";
  std::ofstream(file) << "name: " << project << R"(
services:
  app:
    image: minify-fixture/config-app:${APP_TAG:?set it in .env}
    environment:
      APP_GREETING: ${GREETING}
      PORT: ${APP_PORT:-8080}
      LOG_LEVEL: ${MINIFY_INTERP_UNSET}
    ports: ["${APP_PORT:-8080}"]
)";
  std::string tag = unique_name("minify-interp-slim") + ":t";
  ImageCleanup cleanup(tag);
  std::string report_path = (dir.path() / "report.json").string();
  ProcessResult result =
      run_process({"env", "-u", "MINIFY_INTERP_UNSET", "MINIFY_INTERP_WHO=the environment",
                   minify_binary(), "build", "--compose-file", file.string(), "--service", "app",
                   "--tag", tag, "--probe", "GET /", "--report", report_path});
  INFO("minify stderr:\n" << result.err);
  REQUIRE(result.status == 0);
  CHECK(result.err.find("minify: warning: " + file.string() +
                        ": services.app.environment.LOG_LEVEL: the variable MINIFY_INTERP_UNSET "
                        "is not set: read as an empty string\n") != std::string::npos);
  auto report = read_json(report_path);
  CHECK(report["original"]["reference"] == app);  // "...:latest", the tag from .env
  CHECK(report["verify"]["passed"] == true);
  bool probed_8093 = false;
  for (const auto& port : report["ports"]["probed"]) probed_8093 |= port["port"] == 8093;
  CHECK(probed_8093);
  // The page is "<p>GREETING</p>..." : its length shows the greeting the app was given.
  const std::string page = "<p>hello from the environment</p><a href=\"/config\">config</a>\n";
  bool greeted = false;
  for (const auto& probe : report["probes"])
    if (probe["name"] == "GET /")
      greeted = probe["original"]["status"] == 200 && probe["slim"]["status"] == 200 &&
                probe["original"]["output_bytes"] == page.size() &&
                probe["slim"]["output_bytes"] == page.size();
  CHECK(greeted);
  CHECK_FALSE(exists("network", project + "_default"));
  CHECK(minify_containers_of(app).empty());

  // A required variable missing: one line naming it and its place, nothing run.
  std::ofstream(dir.path() / ".env") << "APP_PORT=8093\n";
  ProcessResult missing = run_process({"env", "-u", "APP_TAG", minify_binary(), "build",
                                       "--compose-file", file.string(), "--service", "app"});
  CHECK(missing.status == 1);
  CHECK(missing.err.find(file.string() +
                         ": services.app.image: required variable APP_TAG is missing a value: "
                         "set it in .env") != std::string::npos);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
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
