// `minify profile` and `minify build --seccomp` on the fixture images, against the real engine:
// the profile has the documented shape, compiles, the apps answer alike under it (checked by the
// command's own verify, and here again for the batch apps), and it is enforced.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "seccomp/profile.h"
#include "seccomp_test_support.h"
#include "support/engine_test_calls.h"
#include "support/file_contents.h"
#include "support/minify_binary.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"
#include "support/unique_name.h"

using namespace minify;
using namespace minify::seccomp;
using namespace minify::seccomp::testing;
using namespace minify::test;

namespace {

// Runs `minify profile IMAGE --seccomp FILE --json` and checks what every profile must be.
struct Profiled {
  nlohmann::json report;
  Profile profile;
  nlohmann::json document;
};

Profiled profile_image(const std::string& image, const std::filesystem::path& file) {
  const auto run = run_minify({"profile", image, "--seccomp", file.string(), "--json"});
  INFO(image << ": minify profile exited " << run.status << "\n" << run.err);
  REQUIRE(run.status == 0);
  Profiled p;
  p.report = nlohmann::json::parse(run.out);
  CHECK(p.report["sensor"]["mode"] == "full");
  CHECK(p.report["verify"]["ran"] == true);
  CHECK(p.report["verify"]["passed"] == true);
  p.document = nlohmann::json::parse(read_file(file));
  p.profile = profile_from_docker_json(p.document);  // the documented shape, or it throws
  CHECK(p.document["defaultAction"] == "SCMP_ACT_ERRNO");
  CHECK(p.profile.arch.name == "x86_64");
  CHECK_NOTHROW(check_compiles(p.profile));
  const auto& counts = p.report["seccomp"];
  CHECK(counts["path"] == file.string());
  CHECK(counts["allowed"] == p.profile.allowed.size());
  CHECK(counts["observed"].get<std::size_t>() > 5);
  CHECK(counts["observed"].get<std::size_t>() <= p.profile.allowed.size());
  REQUIRE(counts["engine_default"].is_object());
  CHECK(counts["engine_default"]["allowed"].get<std::size_t>() > p.profile.allowed.size());
  return p;
}

RunOptions image_under(const std::string& image, std::optional<nlohmann::json> profile) {
  RunOptions options;
  options.image = image;
  options.profile = std::move(profile);
  return options;
}

}  // namespace

TEST_CASE("minify profile: each batch fixture runs under its profile exactly as without it") {
  TempDir dir;
  for (const char* name : {"c-app", "shell-job", "static", "nonroot", "workdir",
                           "entrypoint-script", "dlopen", "waste"}) {
    const std::string image = std::string("minify-fixture/") + name;
    const auto file = dir / (std::string(name) + ".json");
    CAPTURE(image);
    const auto p = profile_image(image, file);
    // Independently of the command's verify: a plain run and a run under the profile.
    const auto plain = run_to_exit(image_under(image, std::nullopt));
    const auto confined = run_to_exit(image_under(image, p.document));
    REQUIRE(plain.started);
    REQUIRE(confined.started);
    CHECK(plain.exit_code == 0);
    CHECK(confined.exit_code == plain.exit_code);
    CHECK(!plain.out.empty());
    CHECK(confined.out == plain.out);
  }
}

TEST_CASE("minify profile: the servers answer their probes alike under their profiles") {
  TempDir dir;
  for (const char* name : {"python-web", "nginx"}) {
    const std::string image = std::string("minify-fixture/") + name;
    CAPTURE(image);
    const auto p = profile_image(image, dir / (std::string(name) + ".json"));
    CHECK(p.report["probes"].size() >= 2);  // GET / and the pages it links to
    for (const auto& probe : p.report["probes"]) {
      CAPTURE(probe["name"]);
      CHECK(probe["original"]["answered"] == true);
      CHECK(probe["original"]["status"] == 200);
    }
    // Without a slim image, what differed under the profile is listed here, one line a probe.
    CHECK(p.report["verify"]["mismatches"] == nlohmann::json::array());
  }
}

TEST_CASE("under the python-web profile, a syscall the app never made is denied with EPERM") {
  TempDir dir;
  const auto p = profile_image("minify-fixture/python-web", dir / "python-web.json");
  for (const char* name : {"ptrace", "unshare"})
    REQUIRE(std::find(p.profile.allowed.begin(), p.profile.allowed.end(), name) ==
            p.profile.allowed.end());
  const auto try_denied = read_file(SECCOMP_TRY_DENIED);
  auto exec_try_denied = [&](std::optional<nlohmann::json> profile) {
    RunOptions options = image_under("minify-fixture/python-web", std::move(profile));
    options.cap_add = {"SYS_ADMIN"};  // so that Docker's default profile allows unshare
    ContainerGuard container(create_container(options));
    test_engine().start_container(container.id());
    // The app's own file system gets the program: the archive API writes as the engine, not the
    // app.
    const std::string tar = single_file_tar("try_denied", try_denied);
    std::size_t offset = 0;
    test_engine().put_archive(container.id(), "/", [&](char* buffer, std::size_t capacity) {
      const std::size_t n = std::min(capacity, tar.size() - offset);
      std::copy_n(tar.data() + offset, n, buffer);
      offset += n;
      return n;
    });
    engine::ExecConfig exec;
    exec.argv = {"/try_denied"};
    const auto result = test_engine().run_exec(container.id(), exec, std::chrono::seconds(30));
    CHECK(result.exit_code == 0);
    return result.out;
  };
  CHECK(exec_try_denied(std::nullopt) == "ptrace=0 unshare=0\n");
  CHECK(exec_try_denied(p.document) == "ptrace=-1 unshare=-1\n");
}

TEST_CASE("minify profile: an app that answers differently under its profile fails verify") {
  TempDir dir;
  const auto file = dir / "pid1.json";
  const auto run = run_minify({"profile", pid1_image(), "--seccomp", file.string(), "--json"});
  INFO(run.err);
  CHECK(run.status == 3);
  const auto report = nlohmann::json::parse(run.out);
  CHECK(report["verify"]["passed"] == false);
  REQUIRE(report["verify"]["mismatches"].size() == 1);
  const std::string mismatch = report["verify"]["mismatches"][0];
  // The probe that differed (the job's exit and output), and what the app printed under it.
  CHECK(mismatch.starts_with("original under the seccomp profile: exit"));
  CHECK(mismatch.find("output differs") != std::string::npos);
  CHECK(report["verify"]["slim_logs"].get<std::string>().find("uname=-1") != std::string::npos);
  CHECK(std::filesystem::exists(file));  // written before verify, for the user to look at
}

TEST_CASE("minify build --seccomp writes the profile and verifies both images under it") {
  TempDir dir;
  const auto file = dir / "c-app.json";
  const std::string tag = unique_name("minify-test/seccomp-slim") + ":latest";
  const auto run = run_minify(
      {"build", "minify-fixture/c-app", "--tag", tag, "--seccomp", file.string(), "--json"});
  struct RemoveImage {
    std::string tag;
    ~RemoveImage() {
      try {
        remove_image(test_engine(), tag, /*force=*/true);
      } catch (const std::exception&) {
      }
    }
  } remove{tag};
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto report = nlohmann::json::parse(run.out);
  CHECK(report["sensor"]["mode"] == "full");
  CHECK(report["verify"]["passed"] == true);
  CHECK(report["phases_seconds"].contains("verify slim"));
  CHECK(report["phases_seconds"].contains("verify original"));
  const auto document = nlohmann::json::parse(read_file(file));
  CHECK_NOTHROW(check_compiles(profile_from_docker_json(document)));
  CHECK(report["seccomp"]["allowed"] == document["syscalls"][0]["names"].size());
  // The text summary (on stderr with --json) says what the profile allows, once.
  const std::string said = "seccomp profile " + file.string() + " allows";
  const auto first = run.err.find(said);
  CHECK(first != std::string::npos);
  CHECK(run.err.find(said, first + 1) == std::string::npos);
  // The slim image under the profile prints what the original prints.
  const auto original = run_to_exit(image_under("minify-fixture/c-app", std::nullopt));
  const auto slim = run_to_exit(image_under(tag, document));
  CHECK(slim.exit_code == 0);
  CHECK(slim.out == original.out);
}

TEST_CASE("minify build without --seccomp runs the sensor in files mode and writes no profile") {
  const std::string tag = unique_name("minify-test/seccomp-files") + ":latest";
  const auto run = run_minify({"build", "minify-fixture/static", "--tag", tag, "--json"});
  remove_image(test_engine(), tag, /*force=*/true);
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto report = nlohmann::json::parse(run.out);
  CHECK(report["sensor"]["mode"] == "files");
  CHECK_FALSE(report.contains("seccomp"));
}
