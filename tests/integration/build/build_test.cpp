// `minify build` end to end, driven through the minify binary as a user or CI runs it, on the
// fixture images (scripts/build-fixtures). Each build must pass its own verify; then the test runs
// the original and the slim image itself and compares what they print or answer, and asserts the
// slim image's size against a stated fraction of the original's (measured, with some margin).
// Every slim image and derived test image is removed at the end; fixtures are never touched.

#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "build_test_support.h"
#include "engine/engine_error.h"
#include "support/engine_test_calls.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/test_engine.h"

using namespace minify::test;

namespace {

void check_size(const std::string& original, const std::string& slim, double max_fraction) {
  double fraction =
      static_cast<double>(image_size(slim)) / static_cast<double>(image_size(original));
  INFO("slim/original = " << fraction << ", at most " << max_fraction);
  CHECK(fraction <= max_fraction);
}

void check_job(const std::string& name, double max_fraction) {
  std::string original = fixture_image(name);
  std::string tag = unique_tag(name);
  ImageCleanup cleanup(tag);
  BuildRun built = run_minify_build(original, tag);
  INFO("minify stderr:\n" << built.outcome.err);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.report["verify"]["passed"] == true);
  CHECK(built.report["probes"][0]["kind"] == "exit");

  JobRun before = run_job(original);
  JobRun after = run_job(tag);
  CHECK(before.exit_code == 0);
  CHECK(after.exit_code == before.exit_code);
  CHECK(after.out == before.out);
  CHECK_FALSE(after.out.empty());
  check_size(original, tag, max_fraction);
  CHECK(minify_containers_of(original).empty());
  CHECK(minify_containers_of(tag).empty());
}

// Builds the server fixture `name` as `tag` and compares the pages of both images.
void check_server(const std::string& name, const std::string& tag, int port,
                  const std::vector<std::string>& paths, double max_fraction) {
  std::string original = fixture_image(name);
  BuildRun built = run_minify_build(original, tag);
  INFO("minify stderr:\n" << built.outcome.err);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.report["verify"]["passed"] == true);

  auto before = run_server(original, port, paths);
  auto after = run_server(tag, port, paths);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    INFO("GET " << paths[i]);
    CHECK(before[i].status == 200);
    CHECK(after[i] == before[i]);
  }
  check_size(original, tag, max_fraction);
  CHECK(minify_containers_of(original).empty());
}

}  // namespace

TEST_CASE("python-web: the data file behind an unlinked route is kept only when probed") {
  std::string original = fixture_image("python-web");
  std::string plain = unique_tag("python-web");
  std::string quoted = unique_tag("python-web-quote");
  ImageCleanup cleanup_plain(plain), cleanup_quoted(quoted);

  BuildRun without = run_minify_build(original, plain);
  INFO("minify stderr:\n" << without.outcome.err);
  REQUIRE(without.outcome.status == 0);
  CHECK(without.report["verify"]["passed"] == true);
  CHECK(report_keeps(without.report, "/app/server.py"));
  CHECK(report_keeps(without.report, "/app/templates/about.html"));  // reached by the crawl
  CHECK_FALSE(report_keeps(without.report, "/app/data/quotes.txt"));

  BuildRun with = run_minify_build(original, quoted, {"--probe", "GET /quote"});
  INFO("minify stderr:\n" << with.outcome.err);
  REQUIRE(with.outcome.status == 0);
  CHECK(with.report["verify"]["passed"] == true);
  CHECK(report_keeps(with.report, "/app/data/quotes.txt"));

  std::vector<std::string> paths{"/", "/about", "/quote"};
  auto fat = run_server(original, 8080, paths);
  auto slim_plain = run_server(plain, 8080, paths);
  auto slim_quoted = run_server(quoted, 8080, paths);
  CHECK(fat[2].status == 200);
  CHECK(slim_quoted == fat);
  CHECK(slim_plain[0] == fat[0]);
  CHECK(slim_plain[1] == fat[1]);
  CHECK(slim_plain[2].status != 200);  // the quotes were dropped: the route fails
  check_size(original, plain, 0.15);
  check_size(original, quoted, 0.15);
  CHECK(minify_containers_of(original).empty());
}

TEST_CASE("--include keeps what no probe reached; an --exclude that breaks the app fails verify") {
  std::string original = fixture_image("python-web");
  std::string tag = unique_tag("python-web-rules");
  ImageCleanup cleanup(tag);
  BuildRun built = run_minify_build(
      original, tag, {"--include", "/app/data", "--exclude", "/app/templates/about.html"});
  INFO("minify stderr:\n" << built.outcome.err);
  CHECK(built.outcome.status ==
        3);  // a check failed: the slim image does not answer like the original
  CHECK(built.outcome.err.find("verify failed") != std::string::npos);
  const nlohmann::json& report = built.report;
  CHECK(report_keeps(report, "/app/data/quotes.txt"));
  CHECK_FALSE(report_keeps(report, "/app/templates/about.html"));
  CHECK(report["verify"]["passed"] == false);
  REQUIRE(report["verify"]["mismatches"].size() == 1);
  CHECK(report["verify"]["mismatches"][0].get<std::string>().starts_with("GET /about: "));
  CHECK(minify_containers_of(original).empty());
  CHECK(minify_containers_of(tag).empty());
}

TEST_CASE("c-app: the dynamically linked C program") {
  check_job("c-app", 0.01);
}

TEST_CASE("shell-job: a shell script over coreutils") {
  check_job("shell-job", 0.05);
}

TEST_CASE("nginx: a server stopped with SIGQUIT") {
  std::string tag = unique_tag("nginx");
  ImageCleanup cleanup(tag);
  check_server("nginx", tag, 80, {"/", "/second.html"}, 0.10);
  // nginx's graceful stop is SIGQUIT (SIGTERM is its fast one): the slim image must keep the
  // original's StopSignal, and the engine's stop, which sends it, must end the server cleanly
  // well before the grace period runs out and SIGKILL (exit 137) takes it.
  CHECK(test_engine().inspect_image(fixture_image("nginx"))["Config"]["StopSignal"] == "SIGQUIT");
  CHECK(test_engine().inspect_image(tag)["Config"]["StopSignal"] == "SIGQUIT");
  Stopped stopped = run_and_stop_server(tag, 80, std::chrono::seconds(20));
  CHECK(stopped.signal == "SIGQUIT");
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.took < std::chrono::seconds(10));
}

TEST_CASE("nonroot: USER app, a 0600 file only app may read") {
  check_job("nonroot", 0.05);
}

TEST_CASE("workdir: relative paths from WORKDIR") {
  check_job("workdir", 0.05);
}

TEST_CASE("entrypoint-script: a shell entrypoint that execs the command") {
  check_job("entrypoint-script", 0.05);
}

TEST_CASE("dlopen: a library loaded only at run time is kept") {
  check_job("dlopen", 0.01);
}

TEST_CASE("--json keeps stdout clean, the same input gives the same image, --output writes it") {
  std::string original = fixture_image("shell-job");
  std::string first = unique_tag("shell-job-first");
  std::string second = unique_tag("shell-job-second");
  std::string archived = unique_tag("shell-job-archived");
  ImageCleanup cleanup_first(first), cleanup_second(second), cleanup_archived(archived);

  ProcessResult a = run_minify({"build", original, "--tag", first, "--json"});
  INFO("minify stderr:\n" << a.err);
  REQUIRE(a.status == 0);
  nlohmann::json report = nlohmann::json::parse(a.out);  // stdout is the report and nothing else
  CHECK(report["verify"]["passed"] == true);

  ProcessResult b = run_minify({"build", original, "--tag", second, "--json"});
  REQUIRE(b.status == 0);
  CHECK(nlohmann::json::parse(b.out)["slim"]["id"] == report["slim"]["id"]);
  CHECK(test_engine().inspect_image(second)["Id"] == test_engine().inspect_image(first)["Id"]);

  std::string archive = "/tmp/minify-build-test-" + std::to_string(::getpid()) + ".tar";
  ProcessResult c = run_minify({"build", original, "--tag", archived, "--output",
                                "docker-archive:" + archive, "--verify=false"});
  INFO("minify stderr:\n" << c.err);
  REQUIRE(c.status == 0);
  CHECK_FALSE(image_exists(test_engine(), archived));  // written, not loaded
  load_images_from_file(test_engine(), archive);
  std::remove(archive.c_str());
  REQUIRE(image_exists(test_engine(), archived));
  CHECK(run_job(archived).out == run_job(original).out);
}

TEST_CASE("a missing image is a one-line error") {
  ProcessResult o =
      run_minify({"build", "minify-test-no-such-image-" + std::to_string(::getpid())});
  CHECK(o.status == 1);
  CHECK(o.err.find("not found") != std::string::npos);
  CHECK(o.out.empty());
}

TEST_CASE("an app that exits at once with an error fails the build clearly") {
  std::string image = unique_tag("exits");
  ImageCleanup cleanup(image);
  build_image("FROM minify-fixture/python-web\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "\nCMD [\"python3\", \"-c\", \"import sys; print('boom', file=sys.stderr); "
                  "sys.exit(3)\"]\n",
              image);
  ProcessResult o = run_minify({"build", image, "--timeout", "60"});
  CHECK(o.status == 1);
  CHECK(o.err.find("exited with status 3") != std::string::npos);
  CHECK(o.err.find("boom") != std::string::npos);
  CHECK(minify_containers_of(image).empty());
}

TEST_CASE("an app that never answers its port fails at the timeout") {
  std::string image = unique_tag("silent");
  ImageCleanup cleanup(image);
  build_image("FROM minify-fixture/python-web\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "\nCMD [\"sleep\", \"600\"]\n",
              image);
  ProcessResult o = run_minify({"build", image, "--timeout", "3"});
  CHECK(o.status == 1);
  CHECK(o.err.find("the app listened on no TCP port within 3s") != std::string::npos);
  CHECK(minify_containers_of(image).empty());
}

TEST_CASE("a probe that fails on the original fails the build with the probe's error") {
  std::string image = fixture_image("python-web");
  std::string tag = unique_tag("probe-fails");
  ImageCleanup cleanup(tag);
  ProcessResult o =
      run_minify({"build", image, "--tag", tag, "--host-exec",
                  "test -n \"$MINIFY_PORT_8080\" && echo no-such-thing >&2 && exit 7"});
  CHECK(o.status == 1);
  CHECK(o.err.find("failed on the original image: no-such-thing") != std::string::npos);
  CHECK_FALSE(image_exists(test_engine(), tag));
  CHECK(minify_containers_of(image).empty());
}

TEST_CASE("--continue-after signal waits for SIGUSR1 before it stops the app") {
  std::string original = fixture_image("python-web");
  std::string tag = unique_tag("python-web-signal");
  ImageCleanup cleanup(tag);
  std::optional<std::chrono::steady_clock::time_point> analysis_seen;
  bool sent = false;
  ProcessResult o = run_minify(
      {"build", original, "--tag", tag, "--continue-after", "signal"},
      [&](int pid, const ProcessResult&) {
        if (sent) return;
        if (!analysis_seen) {
          if (!minify_containers_of(original).empty())
            analysis_seen = std::chrono::steady_clock::now();
          return;
        }
        // Still analysing 3 s later: it is waiting for the signal.
        if (std::chrono::steady_clock::now() - *analysis_seen > std::chrono::seconds(3)) {
          CHECK_FALSE(minify_containers_of(original).empty());
          ::kill(pid, SIGUSR1);
          sent = true;
        }
      });
  INFO("minify stderr:\n" << o.err);
  CHECK(sent);
  CHECK(o.status == 0);
  CHECK(minify_containers_of(original).empty());
}
