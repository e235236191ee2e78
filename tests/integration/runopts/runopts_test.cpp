// `minify build` with docker run's run-time options, through the minify binary, on an app that
// needs them (tests/fixtures/config-app): it will not start without its env var, it reads its
// config from a mount, and it talks to a Redis container on a user network. Each build must pass
// its own verify (the slim image run with the same options answers alike); the test then checks
// what only the options explain, and that nothing is left on the engine.

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../build/build_test_support.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;

namespace {

const std::string kApp = fixture_image("config-app");

std::string docker(const std::string& command) {
  auto result = run_shell("docker " + command);
  INFO("docker " << command << ": " << result.err);
  REQUIRE(result.status == 0);
  return result.out;
}

// Every container of this run's engine objects: the minify ones of the app and the slim image.
void check_nothing_left(const std::string& tag) {
  CHECK(minify_containers_of(kApp).empty());
  CHECK(minify_containers_of(tag).empty());
}

}  // namespace

TEST_CASE("an app that needs its env var fails in one line without it, and slims with it") {
  require_fixture_image(kApp);
  std::string tag = unique_tag("runopts-env");
  ImageCleanup cleanup(tag);
  BuildRun without = run_minify_build(kApp, tag, {});
  CHECK(without.outcome.status == 1);
  CHECK(without.outcome.err.find("APP_GREETING is not set") != std::string::npos);
  CHECK(without.outcome.err.find("minify: ") != std::string::npos);
  check_nothing_left(tag);
}

TEST_CASE("env file, config mount, user, workdir and --cap-add reach the app as docker run's") {
  require_fixture_image(kApp);
  std::string tag = unique_tag("runopts-mount");
  ImageCleanup cleanup(tag);
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "conf");
  std::ofstream(dir.path() / "conf" / "app.conf") << "from the host's mount\n";
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                               std::filesystem::perms::others_exec |
                                               std::filesystem::perms::group_exec);
  std::ofstream(dir.path() / "app.env") << "# the app's settings\nAPP_GREETING=hello from a file\n";
  std::string conf = (dir.path() / "conf").string();
  BuildRun built = run_minify_build(kApp, tag, {"--env-file", (dir.path() / "app.env").string(),
                                                "-e",         "APP_CONFIG=${unused}",
                                                "-e",         "APP_CONFIG",
                                                "-v",         conf + ":/config:ro",
                                                "-u",         "1000:1000",
                                                "-w",         "/tmp",
                                                "--cap-add",  "sys_ptrace",
                                                "--probe",    "GET /config",
                                                "--probe",    "GET /caps",
                                                "--probe",    "GET /whoami"});
  INFO("minify stderr:\n" << built.outcome.err);
  // -e APP_CONFIG takes minify's own: unset here, so the first -e stands.
  REQUIRE(built.outcome.status == 1);
  CHECK(built.outcome.err.find("${unused}") != std::string::npos);

  ::setenv("APP_CONFIG", "/config/app.conf", 1);
  built = run_minify_build(
      kApp, tag,
      {"--env-file", (dir.path() / "app.env").string(), "-e", "APP_CONFIG", "-v",
       conf + ":/config:ro", "-u", "1000:1000", "-w", "/tmp", "--cap-add", "sys_ptrace", "--probe",
       "GET /config", "--probe", "GET /caps", "--probe", "GET /whoami"});
  ::unsetenv("APP_CONFIG");
  INFO("minify stderr:\n" << built.outcome.err);
  REQUIRE(built.outcome.status == 0);
  // The slim image, run with the same options, answered every probe as the original under the
  // sensor did: /caps holds SYS_PTRACE in the bounding set only if the sensor left it to the app.
  CHECK(built.report["verify"]["passed"] == true);
  for (const auto& probe : built.report["probes"]) {
    INFO(probe.dump());
    CHECK(probe["original"]["status"] == 200);
  }
  // The app read /config/app.conf through the mount: the image's own file there is not packed.
  CHECK_FALSE(report_keeps(built.report, "/config/app.conf"));
  CHECK(report_keeps(built.report, "/app/server.py"));

  // The slim image's config is the original's: nothing of the run options is baked in.
  auto env = docker(
      "image inspect --format '{{json .Config.Env}} {{.Config.User}}|{{.Config.WorkingDir}}' " +
      tag);
  CHECK(env.find("APP_GREETING") == std::string::npos);
  CHECK(env.find("|") != std::string::npos);
  CHECK(env.find("1000") == std::string::npos);
  // Run as a user would, with the same options, it serves the mounted config.
  std::string name = unique_name("minify-runopts-run");
  docker("run -d --name " + name + " -p 127.0.0.1::8080 -e APP_GREETING=x -e " +
         "APP_CONFIG=/config/app.conf -v " + conf + ":/config:ro " + tag);
  auto page =
      run_shell("port=$(docker port " + name +
                " 8080/tcp | head -1); for i in $(seq 100); do curl -sf http://$port/config "
                "&& exit 0; sleep 0.1; done; exit 1");
  docker("rm -f " + name);
  CHECK(page.out == "from the host's mount\n");
  check_nothing_left(tag);
}

TEST_CASE("an app that talks to a database on a user network") {
  require_fixture_image(kApp);
  ensure_conformance_image("redis-gosu");
  std::string tag = unique_tag("runopts-net");
  ImageCleanup cleanup(tag);
  std::string network = unique_name("minify-runopts-net");
  std::string redis = unique_name("minify-runopts-redis");
  docker("network create " + network);
  docker("run -d --name " + redis + " --network " + network + " minify-conformance/redis-gosu");
  std::vector<std::string> options = {
      "-e",    "APP_GREETING=hi",        "-e",      "REDIS_HOST=" + redis,
      "--cmd", "python3 /app/server.py", "--probe", "GET /db"};
  // Without the network the app cannot reach its database, and says so.
  BuildRun lost = run_minify_build(kApp, tag, options);
  CHECK(lost.outcome.status == 1);
  CHECK(lost.outcome.err.find("cannot reach Redis") != std::string::npos);

  options.insert(options.end(),
                 {"--network", network, "--add-host", "mirror:10.0.0.9", "-p", "127.0.0.1::8080"});
  BuildRun built = run_minify_build(kApp, tag, options);
  INFO("minify stderr:\n" << built.outcome.err);
  docker("rm -f " + redis);
  docker("network rm " + network);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.report["verify"]["passed"] == true);
  bool db_answered = false;
  for (const auto& probe : built.report["probes"])
    if (probe["name"] == "GET /db")
      db_answered = probe["original"]["status"] == 200 && probe["slim"]["status"] == 200;
  CHECK(db_answered);
  check_nothing_left(tag);
}

TEST_CASE("bad run options are usage errors, before any container") {
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"-e", "=x"},
                                             {"-v", "data:relative"},
                                             {"--mount", "type=nfs,target=/x"},
                                             {"--add-host", "nohost"},
                                             {"--expose", "http"},
                                             {"--env-file", "/nonexistent/app.env"},
                                             {"-w", "relative"},
                                             {"--cmd", "x", "--", "y"}}) {
    std::vector<std::string> args{"build", kApp};
    args.insert(args.end(), bad.begin(), bad.end());
    ProcessResult result = run_minify(args);
    INFO(bad[0] << ": " << result.err);
    CHECK(result.status == 2);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }
  CHECK(minify_containers_of(kApp).empty());
}
