// run_build and run_profile driven against an in-memory engine: which containers are made, in
// which order, what verify concludes, and what is left after Ctrl-C.

#include "pipeline/pipeline.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "errors/usage_error.h"
#include "pack/sha256.h"
#include "pipeline/archive_files.h"
#include "pipeline/interrupted.h"
#include "pipeline/temp_dir.h"
#include "protocol/pack_summary.h"
#include "protocol/sensor_protocol.h"
#include "record/record.h"
#include "seccomp/runtime_baseline.h"
#include "support/fake_engine.h"
#include "support/tar_archive.h"

using namespace minify;
using namespace minify::pipeline;

namespace {

// The record a "full" sensor run writes: a few syscalls, so that a seccomp profile can be made.
std::string record_json() {
  record::Record r;
  r.sensor_version = "test";
  r.mode = "full";
  r.complete = true;
  r.arch = "x86_64";
  r.interception = "seccomp-notify";
  r.syscalls = {{0, 3}, {1, 2}, {60, 1}, {231, 1}};
  r.exit_status = 0;
  return record::to_json(r).dump();
}

bool under_seccomp(const nlohmann::json& config) {
  return config.contains("HostConfig") && config["HostConfig"].contains("SecurityOpt");
}

// One original image ("app:1"), a sensor binary on disk, and an engine scripted so that every
// stage succeeds: a job that prints "done" and exits 0, unless a test changes the script.
struct World {
  TempDir dir;
  testing::FakeEngine engine;
  std::atomic<bool> cancel{false};
  std::atomic<bool> proceed{false};
  std::ostringstream progress_text;
  progress::ProgressReporter progress{progress_text, progress::Style::kSilent};
  BuildOptions options;

  explicit World(nlohmann::json config = {{"Entrypoint", {"/job"}}}) {
    std::ofstream(dir / "sensor") << "a static binary";
    engine.images["app:1"] = {
        {"Id", "sha256:original"}, {"Size", 5000}, {"RepoTags", {"app:1"}}, {"Config", config}};
    engine.roles["analysis"].stdout_logs = "done\n";
    engine.roles["analysis"].archives[std::string(protocol::kRecordPath)] =
        tar_of({{"record.json", record_json()}});
    // `sensor pack --hold`: says it is done, then runs until it is removed.
    engine.roles["pack"].stdout_logs = std::string(protocol::kPackDoneLine) + "\n";
    engine.roles["pack"].exits = false;
    engine.roles["pack"].archives[std::string(protocol::kKeepTarPath)] =
        tar_of({{"keep.tar", tar_of({{"app/run", "#!/bin/true\n", 0755}})}});
    protocol::PackSummary summary;
    summary.kept.files = 1;
    summary.kept_by_reason = {{"record", 1}};
    summary.warnings = {"w"};
    // The keep tar above: app/ and app/run, 12 bytes.
    summary.tar = {2, 12, tar_of({{"app/run", "#!/bin/true\n", 0755}}).size(), false};
    summary.kept_files = {{"/app", "dir", 0, {{"parent", "/app/run"}}},
                          {"/app/run", "file", 12, {{"executed", "/bin/sh"}}}};
    summary.dropped = {1, 7, {{"/doc", 7, 1}}, {{"/doc/x", "file", 7}}, {{"/doc/x", "file", 7}}};
    summary.filesystem = {{"/", 0, 12, 1, 7, 1}};
    summary.skipped = {{"/tmp/new", "created at run time"}};
    engine.roles["pack"].archives[std::string(protocol::kSummaryPath)] =
        tar_of({{"summary.json", summary.to_json().dump()}});
    engine.roles["verify"].stdout_logs = "done\n";
    analysis().image = "app:1";
    analysis().sensor_path = dir / "sensor";
    analysis().cancel = &cancel;
    analysis().proceed = &proceed;
  }
  AnalysisOptions& analysis() { return options.analysis; }

  BuildResult build() { return run_build(engine, options, progress); }
  ProfileResult profile(const std::filesystem::path& path) {
    ProfileOptions p{options.analysis, path};
    return run_profile(engine, p, progress);
  }

  std::vector<std::string> created_by_role(const std::string& role) const {
    std::vector<std::string> out;
    for (const auto& id : engine.created())
      if (id.starts_with(role + "-")) out.push_back(id);
    return out;
  }
  bool called(const std::string& line) const {
    const auto& calls = engine.calls();
    return std::find(calls.begin(), calls.end(), line) != calls.end();
  }
  void check_every_container_removed() const {
    auto created = engine.created();
    auto removed = engine.removed();
    std::sort(created.begin(), created.end());
    std::sort(removed.begin(), removed.end());
    CHECK(created == removed);
  }
};

// An app that serves: probed by `--exec`, answering "v1" on the original and `slim_answer` on
// the slim image (and under the profile, `seccomp_answer` for the image named).
void serve_exec(World& w, std::string slim_answer, std::string original_seccomp = "v1",
                std::string slim_seccomp = "v1") {
  w.analysis().exec_commands = {"app --version"};
  w.engine.exec = [&w, slim_answer, original_seccomp, slim_seccomp](
                      const std::string& id, const std::vector<std::string>&) {
    const auto& config = w.engine.config_of(id);
    bool original = config.value("Image", "") == "sha256:original";
    bool seccomp = under_seccomp(config);
    std::string out =
        original ? (seccomp ? original_seccomp : "v1") : (seccomp ? slim_seccomp : slim_answer);
    return engine::ExecResult{0, out, ""};
  };
}

}  // namespace

TEST_CASE("a job is analysed, packed, loaded and verified by its exit, each container removed") {
  World w;
  BuildResult result = w.build();
  const auto& report = result.report;
  CHECK(w.engine.created() == std::vector<std::string>{"analysis-1", "pack-2", "verify-3"});
  w.check_every_container_removed();
  CHECK(w.engine.config_of("analysis-1")["Cmd"][1] == "files");
  CHECK(w.engine.config_of("analysis-1")["Labels"]["minify"] == "analysis");
  CHECK(!under_seccomp(w.engine.config_of("verify-3")));
  CHECK(w.called("load"));
  CHECK(report.slim.reference == "app.slim:1");
  CHECK(report.slim.id.starts_with("sha256:"));
  CHECK(report.kept.files == 1);
  CHECK(report.kept_by_reason == std::map<std::string, std::uint64_t>{{"record", 1}});
  CHECK(report.warnings == std::vector<std::string>{"w"});
  CHECK(std::find(report.kept_paths.begin(), report.kept_paths.end(), "/app/run") !=
        report.kept_paths.end());
  // The summary's reasons, dropped entries, treemap and skipped paths reach the report as sent.
  REQUIRE(report.kept_files.size() == 2);
  CHECK(report.kept_files[1].path == "/app/run");
  CHECK(report.kept_files[1].bytes == 12);
  REQUIRE(report.kept_files[1].reasons.size() == 1);
  CHECK(report.kept_files[1].reasons[0].kind == "executed");
  CHECK(report.kept_files[1].reasons[0].detail == "/bin/sh");
  CHECK(report.dropped.files == 1);
  CHECK(report.dropped.bytes == 7);
  REQUIRE(report.dropped.entries.size() == 1);
  CHECK(report.dropped.entries[0].path == "/doc/x");
  REQUIRE(report.dropped.by_directory.size() == 1);
  CHECK(report.dropped.by_directory[0].path == "/doc");
  REQUIRE(report.dropped.largest.size() == 1);
  REQUIRE(report.filesystem.size() == 1);
  CHECK(report.filesystem[0].dropped_bytes == 7);
  REQUIRE(report.skipped.size() == 1);
  CHECK(report.skipped[0].reason == "created at run time");
  REQUIRE(report.probes.size() == 1);
  CHECK(report.probes[0].kind == "exit");
  CHECK(report.probes[0].slim);
  CHECK(report.verify.ran);
  CHECK(report.verify.passed);
  CHECK(!result.verify_failed());
  CHECK(!result.seccomp);
  std::vector<std::string> phases;
  for (const auto& p : report.phases) phases.push_back(p.name);
  CHECK(phases == std::vector<std::string>{"inspect", "analysis", "pack", "image", "verify"});
}

TEST_CASE("the sensor is told the image's StopSignal, with which minify stops the container") {
  World apache({{"Cmd", {"apache2ctl", "-D", "FOREGROUND"}}, {"StopSignal", "SIGWINCH"}});
  serve_exec(apache, "v1");
  apache.build();
  auto cmd = apache.engine.config_of("analysis-1")["Cmd"].get<std::vector<std::string>>();
  CHECK(cmd == std::vector<std::string>{"--mode", "files", "--stop-signal", "SIGWINCH", "--hold",
                                        "--", "apache2ctl", "-D", "FOREGROUND"});
  CHECK(apache.called("kill analysis-1 SIGWINCH"));
  World plain;  // none: SIGTERM, as the engine's and the sensor's default
  serve_exec(plain, "v1");
  plain.build();
  cmd = plain.engine.config_of("analysis-1")["Cmd"].get<std::vector<std::string>>();
  CHECK(cmd == std::vector<std::string>{"--mode", "files", "--hold", "--", "/job"});
  CHECK(plain.called("kill analysis-1 SIGTERM"));
}

TEST_CASE("a stopped app's sensor holds with its final record: read from the running container") {
  World w;
  serve_exec(w, "v1");
  auto& analysis = w.engine.roles["analysis"];
  analysis.holds_when_killed = true;
  const std::string final_record = protocol::final_record_path(protocol::kRecordPath);
  analysis.archives[final_record] = tar_of({{"record.json.final", record_json()}});
  analysis.archives.erase(std::string(protocol::kRecordPath));  // only the flushes are there
  BuildResult result = w.build();
  CHECK(result.report.verify.passed);
  CHECK(w.called("kill analysis-1 SIGTERM"));
  CHECK(w.called("get_archive analysis-1 " + final_record));
  // No engine stop to wait for: the container, still running, goes to the background removal.
  CHECK(!w.called("stop analysis-1"));
  CHECK(!w.called("get_archive analysis-1 " + std::string(protocol::kRecordPath)));
  w.check_every_container_removed();
}

TEST_CASE("a sensor that neither holds nor ends within --stop-grace: killed, its record read") {
  World w;
  serve_exec(w, "v1");
  w.engine.roles["analysis"].holds_when_killed = true;  // and no final record ever comes
  w.analysis().stop_grace = std::chrono::seconds(0);
  BuildResult result = w.build();
  CHECK(result.report.verify.passed);
  CHECK(w.called("kill analysis-1 SIGTERM"));
  CHECK(w.called("stop analysis-1"));  // SIGKILL, the grace being over
  CHECK(w.called("get_archive analysis-1 " + std::string(protocol::kRecordPath)));
  w.check_every_container_removed();
}

TEST_CASE("the pack container is started while the app starts, and packs once the record is in") {
  World w;
  w.build();
  const auto& calls = w.engine.calls();
  auto at = [&](const std::string& line) {
    auto it = std::find(calls.begin(), calls.end(), line);
    REQUIRE(it != calls.end());
    return it - calls.begin();
  };
  auto after = [&](std::ptrdiff_t from, const std::string& line) {
    auto it = std::find(calls.begin() + from + 1, calls.end(), line);
    REQUIRE(it != calls.end());
    return it - calls.begin();
  };
  // Made, given the sensor and started once the app started (on a thread of its own, so its
  // place among the analysis's own calls varies): `sensor pack --await` waits for the record.
  CHECK(at("start analysis-1") < at("create pack"));
  auto sensor_in = after(at("create pack"), "put_archive pack-2");
  CHECK(sensor_in < at("start pack-2"));
  // Given the record (fetched from the analysis run) and its marker in a second copy; its output
  // followed until it says it is done, then the summary and the tar read while it still runs:
  // never waited for.
  auto record_in = after(at("start pack-2"), "put_archive pack-2");
  CHECK(at("get_archive analysis-1 /.minify/record.json") < record_in);
  auto followed = after(record_in, "follow_logs pack-2");
  CHECK(followed < at("get_archive pack-2 /.minify/summary.json"));
  CHECK(at("get_archive pack-2 /.minify/summary.json") <
        at("get_archive pack-2 /.minify/keep.tar"));
  CHECK_FALSE(w.called("wait pack-2"));
  CHECK_FALSE(w.called("stop pack-2"));
  std::vector<std::string> names;
  for (const auto& entry : test::read_tar(w.engine.put_archive_of("pack-2")))
    if (!entry.directory) names.push_back("/" + entry.path);
  CHECK(names == std::vector<std::string>{std::string(protocol::kRecordPath),
                                          std::string(protocol::kRecordReadyPath)});
  const auto& cmd = w.engine.config_of("pack-2")["Cmd"];
  CHECK(protocol::PackArgs::parse(cmd.get<std::vector<std::string>>()).await ==
        protocol::kRecordReadyPath);
  CHECK(protocol::PackArgs::parse(cmd.get<std::vector<std::string>>()).hold);
  // Its done line is read from its log, whatever log driver the engine uses by default.
  CHECK(w.engine.config_of("pack-2")["HostConfig"]["LogConfig"]["Type"] == "json-file");
}

TEST_CASE(
    "containers: limits on all, the sensor's capabilities on analysis only, pack holds none") {
  World w;
  w.analysis().limits = {512 << 20, 300};
  w.build();
  for (const char* id : {"analysis-1", "pack-2", "verify-3"}) {
    CAPTURE(id);
    const auto& config = w.engine.config_of(id);
    CHECK(config["HostConfig"]["Memory"] == 512 << 20);
    CHECK(config["HostConfig"]["PidsLimit"] == 300);
    CHECK(config["Labels"].contains("minify.owner"));
  }
  CHECK(w.engine.config_of("analysis-1")["HostConfig"]["CapAdd"] ==
        nlohmann::json{"SYS_PTRACE", "SYS_ADMIN"});
  const auto& pack = w.engine.config_of("pack-2")["HostConfig"];
  CHECK(pack["CapDrop"] == nlohmann::json{"ALL"});
  CHECK(pack["CapAdd"] == nlohmann::json{"DAC_READ_SEARCH"});
  CHECK(!w.engine.config_of("verify-3")["HostConfig"].contains("CapAdd"));
  // A build that returns keeps its image.
  CHECK(!w.called("remove_image app.slim:1"));
}

TEST_CASE("a build that fails after loading gives the tag back to the image it named before") {
  World w;
  w.engine.images["app.slim:1"] = {{"Id", "sha256:older"}};
  w.engine.images_after_load["app.slim:1"] = {{"Id", "sha256:slim"}};
  w.engine.cancel_at("wait verify-3", w.cancel);
  CHECK_THROWS_AS(w.build(), Interrupted);
  CHECK(w.called("remove_image app.slim:1"));
  CHECK(w.called("tag sha256:older app.slim:1"));
}

TEST_CASE("a slim tag naming the original is refused before any container is created") {
  World w;
  w.options.tag = "app:1";
  CHECK_THROWS_AS(w.build(), minify::UsageError);
  CHECK(w.engine.created().empty());
  CHECK(w.engine.calls() == std::vector<std::string>{"inspect_image app:1"});
}

TEST_CASE("a --probe with no port to send it to is refused before any container is created") {
  World w;
  w.analysis().requests.push_back(probe::parse_http_request("GET /"));
  CHECK_THROWS_AS(w.build(), minify::UsageError);
  CHECK(w.engine.created().empty());
}

TEST_CASE("continue-after: probe stops the app once probed; exit waits for it") {
  SUBCASE("auto with an exec probe: probed, then stopped") {
    World w;
    serve_exec(w, "v1");
    w.build();
    CHECK(w.called("exec analysis-1 app"));
    CHECK(w.called("kill analysis-1 SIGTERM"));
    // It ended rather than held (the app ended by itself meanwhile): the record is read from the
    // stopped container.
    CHECK(w.called("get_archive analysis-1 " + std::string(protocol::kRecordPath)));
    CHECK(!w.called("wait analysis-1"));
  }
  SUBCASE("--continue-after exit: a job, waited for and compared by its exit, not probed") {
    World w;
    serve_exec(w, "v1");
    w.analysis().continue_after = parse_continue_after("exit");
    BuildResult result = w.build();
    CHECK(!w.called("exec analysis-1 app"));
    CHECK(w.called("wait analysis-1"));
    CHECK(!w.called("kill analysis-1 SIGTERM"));
    REQUIRE(result.report.probes.size() == 1);
    CHECK(result.report.probes[0].kind == "exit");
    CHECK(w.called("wait verify-3"));
  }
  SUBCASE("a job that does not exit within --timeout fails the build, its container removed") {
    World w;
    w.engine.roles["analysis"].exits = false;
    CHECK_THROWS_WITH_AS(w.build(),
                         doctest::Contains("the app did not exit within 300s (--timeout)"),
                         std::runtime_error);
    w.check_every_container_removed();
  }
}

TEST_CASE("verify never stops an app it is done with: each verify container is removed at once") {
  // A stop sends the StopSignal and waits the grace: an app deaf to it would cost verify the
  // whole grace for nothing, as verify needs nothing of the app once its probes are answered.
  World w;
  serve_exec(w, "v1");
  w.options.seccomp_profile = w.dir / "profile.json";
  BuildResult result = w.build();
  CHECK(!result.verify_failed());
  auto verify = w.created_by_role("verify");
  REQUIRE(verify.size() == 3);
  for (const auto& id : verify) {
    CHECK(!w.called("stop " + id));
    CHECK(w.called("remove " + id));
  }
}

TEST_CASE("a probe answering differently on the slim image fails verify, typed by probe") {
  World w;
  serve_exec(w, "v2");
  BuildResult result = w.build();
  const auto& verify = result.report.verify;
  CHECK(result.verify_failed());
  REQUIRE(verify.mismatches.size() == 1);
  const report::VerifyMismatch& m = verify.mismatches[0];
  CHECK(m.run == report::VerifyRun::kSlim);
  CHECK(m.probe == 0);
  CHECK(m.probe_name == "exec: app --version");
  const std::string what = "output differs at byte 1 (2 -> 2 bytes): original \"v1\" slim \"v2\"";
  CHECK(m.what == what);
  auto json = report::to_json(result.report);
  CHECK(json["verify"]["mismatches"][0] == "exec: app --version: " + what);
  CHECK(json["probes"][0]["mismatch"] == what);
  // The exec probe ran twice on the original (the repeat learns what it varies), once on the slim.
  CHECK(std::count(w.engine.calls().begin(), w.engine.calls().end(), "exec analysis-1 app") == 2);
  w.check_every_container_removed();
}

TEST_CASE("a slim job that exits differently is a mismatch of the run, with its logs") {
  World w;
  w.engine.roles["verify"].exit_code = 3;
  w.engine.roles["verify"].stderr_logs = "missing libfoo.so";
  BuildResult result = w.build();
  const auto& verify = result.report.verify;
  CHECK(result.verify_failed());
  REQUIRE(verify.mismatches.size() == 1);
  CHECK(verify.mismatches[0].probe == 0);
  CHECK(verify.mismatches[0].what == "status 0 -> 3");
  CHECK(verify.slim_logs.find("missing libfoo.so") != std::string::npos);
}

TEST_CASE(
    "a job's stdout that differs: the original runs once more, and only what it varies passes") {
  World w;
  w.engine.roles["analysis"].stdout_logs = "done at 13:20:01, id 3f9a\n";
  w.engine.roles["original"].stdout_logs = "done at 13:20:05, id 77b0\n";
  SUBCASE("varies where the original does: passed") {
    w.engine.roles["verify"].stdout_logs = "done at 13:21:44, id 0c1d\n";
    BuildResult result = w.build();
    CHECK(!result.verify_failed());
    CHECK(w.created_by_role("original").size() == 1);
    CHECK(w.engine.config_of(w.created_by_role("original")[0])["Image"] == "sha256:original");
  }
  SUBCASE("varies elsewhere: failed, with both sides") {
    w.engine.roles["verify"].stdout_logs = "failed at 13:21:44, id 0c1d\n";
    BuildResult result = w.build();
    CHECK(result.verify_failed());
    REQUIRE(result.report.verify.mismatches.size() == 1);
    CHECK(result.report.verify.mismatches[0].what.starts_with(
        "output differs at byte 0 (26 -> 28 bytes): original \"done at"));
  }
  SUBCASE("the same stdout: the original is not run again") {
    w.engine.roles["verify"].stdout_logs = "done at 13:20:01, id 3f9a\n";
    CHECK(!w.build().verify_failed());
    CHECK(w.created_by_role("original").empty());
  }
  w.check_every_container_removed();
}

TEST_CASE("with --seccomp, verify runs the slim and the original image under the profile too") {
  World w;
  w.options.seccomp_profile = w.dir / "app.json";

  SUBCASE("all three answer alike: passed") {
    serve_exec(w, "v1");
    BuildResult result = w.build();
    CHECK(!result.verify_failed());
    CHECK(w.created_by_role("verify").size() == 3);
    CHECK(w.engine.config_of("analysis-1")["Cmd"][1] == "full");
    CHECK(std::filesystem::exists(w.dir / "app.json"));
    REQUIRE(result.seccomp);
    CHECK(result.seccomp->allowed > 0);
    std::vector<std::string> phases;
    for (const auto& p : result.report.phases) phases.push_back(p.name);
    CHECK(phases == std::vector<std::string>{"inspect", "analysis", "pack", "image", "verify",
                                             "verify slim", "verify original"});
    // Plain verify first, then the slim image under the profile, then the original under it.
    auto verify = w.created_by_role("verify");
    CHECK(!under_seccomp(w.engine.config_of(verify[0])));
    CHECK(under_seccomp(w.engine.config_of(verify[1])));
    CHECK(w.engine.config_of(verify[1])["Image"] != "sha256:original");
    CHECK(under_seccomp(w.engine.config_of(verify[2])));
    CHECK(w.engine.config_of(verify[2])["Image"] == "sha256:original");
  }
  SUBCASE("only the original under the profile differs: failed, the mismatch says which run") {
    serve_exec(w, "v1", /*original_seccomp=*/"EPERM");
    BuildResult result = w.build();
    CHECK(result.verify_failed());
    const auto& mismatches = result.report.verify.mismatches;
    REQUIRE(mismatches.size() == 1);
    CHECK(mismatches[0].run == report::VerifyRun::kOriginalUnderSeccomp);
    CHECK(report::describe(mismatches[0])
              .starts_with(
                  "original under the seccomp profile: exec: app --version: output differs"));
    // probes[].mismatch is the plain verify's: the slim image answered alike.
    CHECK(report::to_json(result.report)["probes"][0]["mismatch"] == "");
  }
  SUBCASE("the slim image fails plain and under the profile: both listed, in run order") {
    serve_exec(w, "v2", "v1", "v2");
    BuildResult result = w.build();
    const auto& mismatches = result.report.verify.mismatches;
    REQUIRE(mismatches.size() == 2);
    CHECK(mismatches[0].run == report::VerifyRun::kSlim);
    CHECK(mismatches[1].run == report::VerifyRun::kSlimUnderSeccomp);
  }
  w.check_every_container_removed();
}

TEST_CASE("profile: a full analysis run, the profile, the original verified under it only") {
  World w;
  serve_exec(w, "unused", /*original_seccomp=*/"v1");
  ProfileResult result = w.profile(w.dir / "app.json");
  CHECK(w.engine.created() == std::vector<std::string>{"analysis-1", "verify-2"});
  CHECK(w.engine.config_of("analysis-1")["Cmd"][1] == "full");
  // What every profile allows anyway is not handed over to the sensor.
  CHECK(protocol::TraceArgs::parse(w.engine.config_of("analysis-1")["Cmd"]).granted ==
        seccomp::runtime_baseline());
  CHECK(w.engine.config_of("verify-2")["Image"] == "sha256:original");
  CHECK(under_seccomp(w.engine.config_of("verify-2")));
  CHECK(!w.called("load"));
  CHECK(result.report.sensor_mode == "full");
  CHECK(result.report.verify.ran);
  CHECK(!result.verify_failed());
  CHECK(result.seccomp.path == w.dir / "app.json");
  w.check_every_container_removed();
}

TEST_CASE("profile: a profile that cannot be written is refused before any engine call") {
  World w;
  CHECK_THROWS_AS(w.profile(w.dir / "no" / "such" / "dir" / "app.json"), minify::UsageError);
  CHECK(w.engine.calls().empty());
}

// What runs on threads of its own while the app starts, begun before any Ctrl-C during the
// analysis: the pack container's start (it completes, and the container is removed with the rest:
// check_every_container_removed) and the question of how the engine takes images (two reads).
bool started_beside_analysis(const std::string& call) {
  return call == "create pack" || call == "put_archive pack-2" || call == "start pack-2" ||
         call == "version" || call == "info";
}

TEST_CASE("Ctrl-C at any stage: every container made is removed, Interrupted, nothing else") {
  struct Point {
    const char* call;
    bool server;  // probed by --exec (else a job, waited for)
  };
  // Cancellable calls of each stage: the call throws, the stage unwinds, only removals follow.
  for (Point at : {Point{"put_archive analysis-1", false},
                   {"exec analysis-1", true},
                   {"wait analysis-1", false},
                   {"get_archive analysis-1", false},
                   {"put_archive pack-2", false},
                   {"follow_logs pack-2", false},
                   {"get_archive pack-2 /.minify/keep.tar", false},
                   {"load", false},
                   {"wait verify-3", false},
                   {"exec verify-3", true}}) {
    CAPTURE(std::string(at.call));
    World w;
    w.engine.images_after_load["app.slim:1"] = {{"Id", "sha256:slim"}};
    if (at.server) serve_exec(w, "v1");
    w.engine.cancel_at(at.call, w.cancel);
    CHECK_THROWS_AS(w.build(), Interrupted);
    CHECK(w.cancel);
    w.check_every_container_removed();
    for (const auto& call : w.engine.calls_after_cancel()) {
      CAPTURE(call);
      // The load's body is the layer streamed from the pack container: that fetch runs on a
      // thread of its own, begun with the load, and stops with it.
      bool load_body =
          std::string_view(at.call) == "load" && call == "get_archive pack-2 /.minify/keep.tar";
      CHECK((call.starts_with("remove ") || call.starts_with("remove_image ") ||
             call == "inspect_image app.slim:1" || load_body || started_beside_analysis(call)));
    }
    // Interrupted once the slim image is loading (its layer streams from the pack container into
    // the load) or loaded: the load is undone (it named nothing before).
    const std::string_view point(at.call);
    bool loading = point.find("verify") != std::string_view::npos ||
                   point == "get_archive pack-2 /.minify/keep.tar";
    CHECK(w.called("remove_image app.slim:1") == loading);
  }
  // Calls that are not cancellable complete; the pipeline notices the flag at its next step and
  // starts nothing more.
  for (Point at : {Point{"start analysis-1", true},
                   {"kill analysis-1 SIGTERM", true},
                   {"start pack-2", false},
                   {"start verify-3", true}}) {
    CAPTURE(at.call);
    World w;
    if (at.server) serve_exec(w, "v1");
    w.engine.cancel_at(at.call, w.cancel);
    CHECK_THROWS_AS(w.build(), Interrupted);
    CHECK(w.cancel);
    w.check_every_container_removed();
    for (const auto& call : w.engine.calls_after_cancel()) {
      CAPTURE(call);
      if (started_beside_analysis(call)) continue;
      CHECK(!call.starts_with("create "));
      CHECK(!call.starts_with("start "));
      CHECK(call != "load");
    }
  }
}

// An engine on a graph driver (Docker's overlay2), whose load finds a layer it holds by its chain
// id (engine/image_store.h).
void on_graph_driver(World& w) {
  w.engine.info_answer = {
      {"Driver", "overlay2"},
      {"DriverStatus",
       nlohmann::json::array({nlohmann::json::array({"Backing Filesystem", "extfs"})})}};
}

TEST_CASE("on a graph driver the layer goes in by import, the image by a load without it") {
  World w;
  on_graph_driver(w);
  BuildResult result = w.build();
  const auto& calls = w.engine.calls();
  auto index_of = [&](std::string_view prefix) {
    auto it = std::find_if(calls.begin(), calls.end(),
                           [&](const std::string& c) { return c.starts_with(prefix); });
    REQUIRE(it != calls.end());
    return it - calls.begin();
  };
  const auto import = index_of("import minify-layer-import:");
  const std::string import_reference = calls[static_cast<std::size_t>(import)].substr(7);
  CHECK(import < index_of("load"));
  // The import image goes once the slim image holds the layer (in the background, while verify
  // starts), and is gone when the build returns.
  CHECK(index_of("load") < index_of("remove_image " + import_reference));
  CHECK(w.engine.imported().empty());

  // The load carries the config and the manifest only; the manifest names the layer the import
  // registered (the keep tar's bytes) and the image id is the config's digest.
  auto entries = test::read_tar(w.engine.last_load());
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].path == "manifest.json");
  const std::string layer = tar_of({{"app/run", "#!/bin/true\n", 0755}});
  const std::string diff_id = pack::sha256_digest(layer);
  auto manifest = nlohmann::json::parse(entries[1].content);
  CHECK(manifest[0]["Layers"][0] == std::string(pack::digest_hex(diff_id)) + "/layer.tar");
  CHECK(manifest[0]["RepoTags"][0] == "app.slim:1");
  CHECK(nlohmann::json::parse(entries[0].content)["rootfs"]["diff_ids"][0] == diff_id);
  CHECK(result.report.slim.id == pack::sha256_digest(entries[0].content));
  CHECK(result.report.verify.passed);
}

TEST_CASE("an engine that cannot say how it stores images gets the whole image by one load") {
  World w;
  w.engine.info_answer = nullptr;
  BuildResult result = w.build();
  CHECK(w.called("info"));
  CHECK(w.called("load"));
  CHECK(std::none_of(w.engine.calls().begin(), w.engine.calls().end(),
                     [](const std::string& c) { return c.starts_with("import "); }));
  CHECK(result.report.verify.passed);
}

TEST_CASE("on a graph driver, Ctrl-C during the import or the load leaves no import image") {
  for (const char* at : {"import", "get_archive pack-2 /.minify/keep.tar", "load"}) {
    CAPTURE(std::string(at));
    World w;
    on_graph_driver(w);
    w.engine.cancel_at(at, w.cancel);
    CHECK_THROWS_AS(w.build(), Interrupted);
    w.check_every_container_removed();
    CHECK(w.engine.imported().empty());
    CHECK(!w.called("create verify"));
    // Before the load's request went out there is no load to wait for: the slim tag is looked
    // at once, not polled for ~3 s while the user waits on Ctrl-C.
    const auto& calls = w.engine.calls();
    if (std::string_view(at) != "load")
      CHECK(std::count(calls.begin(), calls.end(), "inspect_image app.slim:1") <= 2);
  }
}

TEST_CASE("Ctrl-C during profile: the analysis and verify containers are removed") {
  for (const char* at : {"exec analysis-1", "exec verify-2"}) {
    CAPTURE(at);
    World w;
    serve_exec(w, "unused");
    w.engine.cancel_at(at, w.cancel);
    CHECK_THROWS_AS(w.profile(w.dir / "app.json"), Interrupted);
    w.check_every_container_removed();
    for (const auto& call : w.engine.calls_after_cancel()) CHECK(call.starts_with("remove "));
  }
}

TEST_CASE("a record past --max-record-mb is refused in one line, before it is all read") {
  World w;
  w.analysis().max_record_bytes = 64 * 1024;
  w.engine.roles["analysis"].archives[std::string(protocol::kRecordPath)] =
      tar_of({{"record.json", std::string(1 << 20, ' ')}});
  CHECK_THROWS_WITH_AS(w.build(),
                       "the sensor's record is larger than 64 KiB (--max-record-mb raises the "
                       "bound)",
                       std::runtime_error);
  // The pack container, started while the app started, never got a record.
  CHECK(w.engine.put_archive_of("pack-2").find("record.json") == std::string::npos);
  // The transfer stopped at the bound (plus the tar's room), not after the whole megabyte.
  CHECK(w.engine.archive_bytes_delivered() <= 2 * 64 * 1024);
  w.check_every_container_removed();
}

TEST_CASE("a pack summary past the bound is refused in one line") {
  World w;
  w.analysis().max_record_bytes = 4096;
  protocol::PackSummary summary;
  summary.tar = {2, 12};
  summary.warnings = {std::string(8192, 'w')};
  w.engine.roles["pack"].archives[std::string(protocol::kSummaryPath)] =
      tar_of({{"summary.json", summary.to_json().dump()}});
  CHECK_THROWS_WITH_AS(
      w.build(), "the keep-set summary is larger than 4 KiB (--max-record-mb raises the bound)",
      std::runtime_error);
  CHECK(!w.called("get_archive pack-2 " + std::string(protocol::kKeepTarPath)));
  w.check_every_container_removed();
}

TEST_CASE("a keep tar larger than its summary says is refused") {
  World w;
  std::string big(4 << 20, 'x');
  w.engine.roles["pack"].archives[std::string(protocol::kKeepTarPath)] =
      tar_of({{"keep.tar", tar_of({{"app/run", big, 0755}})}});
  CHECK_THROWS_WITH_AS(w.build(),
                       "the keep-set tar is larger than the summary says (2 entries, 12 bytes "
                       "of content, 2560 bytes)",
                       std::runtime_error);
  w.check_every_container_removed();
}

TEST_CASE("a keep tar with more entries than its summary says is refused") {
  World w;
  w.engine.roles["pack"].archives[std::string(protocol::kKeepTarPath)] =
      tar_of({{"keep.tar", tar_of({{"app/b", "", 0644}, {"app/run", "#!/bin/true\n", 0755}})}});
  CHECK_THROWS_WITH_AS(w.build(),
                       "the keep-set tar: it holds more than its summary says (2 entries, 12 "
                       "bytes of content)",
                       std::runtime_error);
  w.check_every_container_removed();
}

TEST_CASE("a sensor that fails fails the build with its own words") {
  SUBCASE("a job: the sensor's status, not the app's") {
    World w;
    w.engine.roles["analysis"].exit_code = 125;
    w.engine.roles["analysis"].stderr_logs =
        "some app output\nsensor: tracing failed: ptrace: Operation not permitted\n";
    w.engine.roles["analysis"].archives.clear();
    CHECK_THROWS_WITH_AS(w.build(),
                         "the sensor failed (container exit status 125): tracing failed: ptrace: "
                         "Operation not permitted",
                         std::runtime_error);
    w.check_every_container_removed();
  }
  SUBCASE("a record it could not write: its message, not a parse error") {
    World w;
    w.engine.roles["analysis"].stderr_logs =
        "sensor: cannot write /.minify/record.json: Is a directory\n";
    w.engine.roles["analysis"].archives[std::string(protocol::kRecordPath)] =
        tar_of({{"record.json", "{\"format_version\": 1, \"paths\": ["}});
    CHECK_THROWS_WITH_AS(w.build(),
                         "the sensor failed (container exit status 0): cannot write "
                         "/.minify/record.json: Is a directory",
                         std::runtime_error);
  }
  SUBCASE("no sensor words: the record's own error") {
    World w;
    w.engine.roles["analysis"].archives[std::string(protocol::kRecordPath)] =
        tar_of({{"record.json", "{"}});
    CHECK_THROWS_WITH_AS(w.build(), doctest::Contains("the sensor's record cannot be read: "),
                         std::runtime_error);
  }
}

TEST_CASE("the pack container: done when it says so, else its exit status and words decide") {
  World w;
  auto& pack = w.engine.roles["pack"];
  SUBCASE("it fails: its status and its last words, nothing read from it") {
    pack.stdout_logs = "";
    pack.exits = true;
    pack.exit_code = 1;
    pack.stderr_logs = "sensor pack: --include-bin: /usr/bin/python3 is not a file in the image\n";
    CHECK_THROWS_WITH_AS(w.build(),
                         "sensor pack failed (status 1): sensor pack: --include-bin: "
                         "/usr/bin/python3 is not a file in the image",
                         std::runtime_error);
    CHECK(w.called("wait pack-2"));
    CHECK_FALSE(w.called("get_archive pack-2 /.minify/summary.json"));
  }
  SUBCASE("another line is not the done line") {
    pack.stdout_logs = std::string(protocol::kPackDoneLine) + " (not quite)\n";
    pack.exits = true;
    pack.exit_code = 1;
    CHECK_THROWS_WITH_AS(w.build(), doctest::Contains("sensor pack failed (status 1)"),
                         std::runtime_error);
  }
  SUBCASE("it exits 0 without the line (a sensor that does not hold): its files are read") {
    pack.stdout_logs = "";
    pack.exits = true;
    CHECK(w.build().report.kept.files == 1);
    CHECK(w.called("wait pack-2"));
  }
  SUBCASE("it never says it is done nor exits: --timeout ends the wait") {
    pack.stdout_logs = "";
    w.analysis().timeout = std::chrono::seconds(7);
    CHECK_THROWS_WITH_AS(w.build(), "sensor pack did not finish within 7s", std::runtime_error);
    CHECK_FALSE(w.called("get_archive pack-2 /.minify/summary.json"));
  }
  w.check_every_container_removed();
}

// ---- registries: --pull and --push. The docker config is an empty directory of the test's own,
// so the user's credentials are never read.
namespace {

struct NoDockerConfig {
  TempDir dir;
  NoDockerConfig() { setenv("DOCKER_CONFIG", dir.path().c_str(), 1); }
  ~NoDockerConfig() { unsetenv("DOCKER_CONFIG"); }
};

std::size_t index_of(const std::vector<std::string>& calls, const std::string& line) {
  return static_cast<std::size_t>(std::find(calls.begin(), calls.end(), line) - calls.begin());
}

}  // namespace

TEST_CASE("--pull missing pulls only an image the engine does not have, then inspects it") {
  NoDockerConfig config;
  World w;
  SUBCASE("present: no pull") {
    w.build();
    CHECK(!w.called("pull app:1"));
  }
  SUBCASE("missing: pulled before anything else, with an anonymous X-Registry-Auth") {
    w.engine.pullable["app:1"] = w.engine.images["app:1"];
    w.engine.images.erase("app:1");
    BuildResult result = w.build();
    const auto& calls = w.engine.calls();
    CHECK(calls[0] == "inspect_image app:1");
    CHECK(calls[1] == "pull app:1");
    CHECK(calls[2] == "inspect_image app:1");
    CHECK(w.engine.registry_auths == std::vector<std::string>{"e30="});  // base64url("{}")
    CHECK(result.report.original.id == "sha256:original");
  }
}

TEST_CASE("--pull always pulls first; --pull never never pulls") {
  NoDockerConfig config;
  World w;
  w.engine.pullable["app:1"] = w.engine.images["app:1"];
  SUBCASE("always") {
    w.analysis().pull = PullPolicy::kAlways;
    w.build();
    CHECK(w.engine.calls()[0] == "pull app:1");
  }
  SUBCASE("never, and missing: the engine's not found, no pull") {
    w.engine.images.erase("app:1");
    w.analysis().pull = PullPolicy::kNever;
    CHECK_THROWS_WITH(w.build(), "image 'app:1' not found");
    CHECK(!w.called("pull app:1"));
  }
  SUBCASE("an image id is never pulled") {
    w.engine.images["sha256:original"] = w.engine.images["app:1"];
    w.analysis().image = "sha256:original";
    w.analysis().pull = PullPolicy::kAlways;
    w.build();
    CHECK(!w.called("pull sha256:original"));
  }
}

TEST_CASE("a pull the registry refuses is one line naming the registry; no container is made") {
  NoDockerConfig config;
  World w;
  w.analysis().image = "127.0.0.1:5999/team/app:2";
  CHECK_THROWS_WITH(w.build(),
                    "image '127.0.0.1:5999/team/app:2' not found in the engine; "
                    "pull '127.0.0.1:5999/team/app:2' (registry 127.0.0.1:5999, no credentials): "
                    "manifest unknown");
  CHECK(w.engine.created().empty());
}

TEST_CASE("--push pushes the verified slim image to the registry its tag names") {
  NoDockerConfig config;
  World w;
  w.options.push = true;
  SUBCASE("verified: pushed last, the digest reported") {
    w.options.tag = "registry.example:5000/app:1-slim";
    BuildResult result = w.build();
    const auto& calls = w.engine.calls();
    // Last but for the background removals of containers the flow is done with (pack's may
    // still be under way).
    const std::size_t push = index_of(calls, "push registry.example:5000/app:1-slim");
    REQUIRE(push < calls.size());
    CHECK(index_of(calls, "remove verify-3") < push);
    for (std::size_t i = push + 1; i < calls.size(); ++i) CHECK(calls[i].rfind("remove ", 0) == 0);
    REQUIRE(result.pushed);
    CHECK(result.pushed->registry == "registry.example:5000");
    CHECK(result.pushed->digest == "sha256:pushed");
    CHECK(result.report.phases.back().name == "push");
  }
  SUBCASE("verify failed: not pushed") {
    w.options.tag = "registry.example:5000/app:1-slim";
    serve_exec(w, "v2");
    BuildResult result = w.build();
    CHECK(result.verify_failed());
    CHECK(!result.pushed);
    CHECK(!w.called("push registry.example:5000/app:1-slim"));
  }
  SUBCASE("a refused push is an error like any other: the load is undone") {
    w.options.tag = "registry.example:5000/app:1-slim";
    w.engine.images_after_load["registry.example:5000/app:1-slim"] = {{"Id", "sha256:slim"}};
    w.engine.push_refused = true;
    CHECK_THROWS_WITH(w.build(),
                      "push 'registry.example:5000/app:1-slim' (registry registry.example:5000, "
                      "no credentials): unauthorized");
    CHECK(w.called("remove_image registry.example:5000/app:1-slim"));
    w.check_every_container_removed();
  }
  SUBCASE("a tag naming no registry is refused before any container") {
    w.options.tag = "app:1-slim";
    CHECK_THROWS_AS(w.build(), minify::UsageError);
    CHECK(w.engine.created().empty());
  }
}

TEST_CASE("check_push_target: the first component must name a registry") {
  CHECK_NOTHROW(check_push_target("127.0.0.1:5000/app:1"));
  CHECK_NOTHROW(check_push_target("localhost/app"));
  CHECK_NOTHROW(check_push_target("docker.io/me/app:1"));
  CHECK_NOTHROW(check_push_target("registry.example/team/app"));
  CHECK_THROWS_AS(check_push_target("app.slim:1"), minify::UsageError);
  CHECK_THROWS_AS(check_push_target("team/app:1"), minify::UsageError);
}

TEST_CASE("on Podman, a profile is handed over as its absolute path, and Podman's default named") {
  World w;
  w.engine.kind = engine::EngineKind::kPodman;
  w.options.seccomp_profile = w.dir / "app.json";
  serve_exec(w, "v1");
  BuildResult result = w.build();
  auto verify = w.created_by_role("verify");
  REQUIRE(verify.size() == 3);
  const auto opt = w.engine.config_of(verify[1])["HostConfig"]["SecurityOpt"][0].get<std::string>();
  CHECK(opt == "seccomp=" + (w.dir / "app.json").string());
  REQUIRE(result.seccomp);
  CHECK(result.seccomp->engine == seccomp::DefaultProfileOf::kPodman);
  CHECK(seccomp::describe(*result.seccomp).find("Podman's default profile") != std::string::npos);
}

TEST_CASE("run options reach the analysis and verify runs as docker run's, never the pack run") {
  World w({{"Entrypoint", {"/entry"}}, {"Cmd", {"serve"}}, {"User", "app"}});
  RunOptions& run = w.analysis().run;
  run.env = {"DB_URL=postgres://db/app"};
  run.mounts = {{Mount::Type::kBind, "/srv/conf", "/etc/app", true},
                {Mount::Type::kVolume, "appdata", "/data", false}};
  run.network = "appnet";
  run.extra_hosts = {"db:10.0.0.5"};
  run.entrypoint = std::vector<std::string>{"/bin/job"};
  run.cmd = std::vector<std::string>{"--once"};
  run.user = "1000:1000";
  run.working_dir = "/srv";
  run.cap_add = {"SYS_PTRACE", "NET_ADMIN"};
  run.publish = {{9090, "127.0.0.1", "19090"}};
  w.analysis().http_probe = false;  // a job: the published port is not probed here
  w.build();
  REQUIRE(w.engine.created() == std::vector<std::string>{"analysis-1", "pack-2", "verify-3"});
  w.check_every_container_removed();

  const auto& analysis = w.engine.config_of("analysis-1");
  const auto& verify = w.engine.config_of("verify-3");
  for (const auto* config : {&analysis, &verify}) {
    CHECK((*config)["Env"] == nlohmann::json{"DB_URL=postgres://db/app"});
    CHECK((*config)["HostConfig"]["Binds"] == nlohmann::json{"/srv/conf:/etc/app:ro"});
    CHECK((*config)["HostConfig"]["Mounts"] ==
          nlohmann::json::parse(R"([{"Type":"volume","Source":"appdata","Target":"/data",
                                      "ReadOnly":false}])"));
    CHECK((*config)["HostConfig"]["NetworkMode"] == "appnet");
    CHECK((*config)["HostConfig"]["ExtraHosts"] == nlohmann::json{"db:10.0.0.5"});
    CHECK((*config)["WorkingDir"] == "/srv");
    CHECK((*config)["HostConfig"]["PortBindings"]["9090/tcp"] ==
          nlohmann::json::parse(R"([{"HostIp":"127.0.0.1","HostPort":"19090"}])"));
  }
  // The sensor's own capabilities once each; the one the user asked for stays the app's.
  CHECK(analysis["HostConfig"]["CapAdd"] == nlohmann::json{"SYS_PTRACE", "SYS_ADMIN", "NET_ADMIN"});
  auto args = protocol::TraceArgs::parse(analysis["Cmd"].get<std::vector<std::string>>());
  CHECK(args.keep_caps == std::vector<std::string>{"SYS_PTRACE"});
  CHECK(args.user == "1000:1000");
  CHECK(args.argv == std::vector<std::string>{"/bin/job", "--once"});
  CHECK(analysis["User"] == "0");
  CHECK(verify["HostConfig"]["CapAdd"] == nlohmann::json{"SYS_PTRACE", "NET_ADMIN"});
  CHECK(verify["Entrypoint"] == nlohmann::json{"/bin/job"});
  CHECK(verify["Cmd"] == nlohmann::json{"--once"});
  CHECK(verify["User"] == "1000:1000");

  const auto& pack = w.engine.config_of("pack-2");
  CHECK(!pack.contains("Env"));
  CHECK(!pack["HostConfig"].contains("Binds"));
  CHECK(!pack["HostConfig"].contains("NetworkMode"));
  // The named volume did not exist: made for the run, labelled with it, removed after it.
  CHECK(w.called("create_volume appdata"));
  CHECK(w.called("remove_volume appdata"));
  CHECK(w.engine.volumes.empty());
}

TEST_CASE("a named volume that exists is used as it is and left") {
  World w;
  w.engine.volumes["userdata"] = {};
  w.analysis().run.mounts = {{Mount::Type::kVolume, "userdata", "/data", false}};
  w.build();
  CHECK(!w.called("create_volume userdata"));
  CHECK(!w.called("remove_volume userdata"));
  CHECK(w.engine.volumes.contains("userdata"));
}

TEST_CASE("without run options, the runs are as the image says") {
  World w;
  w.build();
  const auto& verify = w.engine.config_of("verify-3");
  CHECK(!verify.contains("Env"));
  CHECK(!verify.contains("Entrypoint"));
  CHECK(!verify.contains("User"));
  auto args = protocol::TraceArgs::parse(
      w.engine.config_of("analysis-1")["Cmd"].get<std::vector<std::string>>());
  CHECK(args.keep_caps.empty());
}

TEST_CASE("what the app touched under a mount target is left out of the record packed") {
  World w;
  record::Record r = record::record_from_json(nlohmann::json::parse(record_json()));
  r.paths = {{"/config", record::kRead, record::kPtrace, ""},
             {"/config/app.conf", record::kRead, record::kPtrace, ""},
             {"/config2/other", record::kRead, record::kPtrace, ""},
             {"/etc/passwd", record::kRead, record::kPtrace, ""}};
  w.engine.roles["analysis"].archives[std::string(protocol::kRecordPath)] =
      tar_of({{"record.json", record::to_json(r).dump()}});
  w.analysis().run.mounts = {{Mount::Type::kBind, "/host/conf", "/config", true}};
  w.build();
  std::string packed;
  for (const auto& entry : test::read_tar(w.engine.put_archive_of("pack-2")))
    if ("/" + entry.path == protocol::kRecordPath || entry.path == protocol::kRecordPath)
      packed = entry.content;
  REQUIRE(!packed.empty());
  std::vector<std::string> paths;
  for (const auto& p : record::record_from_json(nlohmann::json::parse(packed)).paths)
    paths.push_back(p.path);
  CHECK(paths == std::vector<std::string>{"/config2/other", "/etc/passwd"});
}

namespace {

// A sensor that streams: it says so, then the summary (which says so too) and the keep tar go into
// the pipe, not to files.
void stream_through_pipe(World& w, const std::string& keep_tar, std::uint64_t announced_size,
                         bool summary_says_streamed = true) {
  protocol::PackSummary summary;
  summary.kept.files = 1;
  summary.tar = {2, 12, announced_size, summary_says_streamed};
  auto& pack = w.engine.roles["pack"];
  pack.stdout_logs = std::string(protocol::kPackStreamingLine) + "\n";
  pack.archives.erase(std::string(protocol::kSummaryPath));
  pack.archives.erase(std::string(protocol::kKeepTarPath));
  pack.pipe_writes = summary.to_json().dump() + "\n" + keep_tar;
}

bool streams_to_pipe(const nlohmann::json& pack_config) {
  const auto& cmd = pack_config["Cmd"];
  const auto mounts = pack_config.value("/HostConfig/Mounts"_json_pointer, nlohmann::json());
  bool mounted = mounts.size() == 1 && mounts[0]["Type"] == "bind" &&
                 mounts[0]["Target"].get<std::string>().starts_with(protocol::kLayerPipePrefix);
  auto told = std::find(cmd.begin(), cmd.end(), "--stream");
  CHECK(mounted == (told != cmd.end()));
  // Told where the pipe is mounted.
  return mounted && told != cmd.end() && *(told + 1) == mounts[0]["Target"];
}

}  // namespace

TEST_CASE("the layer streams through the pipe the pack container is given, not the archive API") {
  World w;
  on_graph_driver(w);
  const std::string keep_tar = tar_of({{"app/run", "#!/bin/true\n", 0755}});
  stream_through_pipe(w, keep_tar, keep_tar.size());
  BuildResult result = w.build();
  auto packs = w.created_by_role("pack");
  REQUIRE(packs.size() == 1);
  CHECK(streams_to_pipe(w.engine.config_of(packs[0])));
  // Nothing comes through the archive API: the summary came ahead of the tar in the pipe.
  CHECK(!w.called("get_archive " + packs[0] + " " + std::string(protocol::kSummaryPath)));
  CHECK(!w.called("get_archive " + packs[0] + " " + std::string(protocol::kKeepTarPath)));
  CHECK(result.report.kept.files == 1);
  // The import got the pipe's bytes: the layer the slim image names is the keep tar.
  auto entries = test::read_tar(w.engine.last_load());
  REQUIRE(entries.size() == 2);
  CHECK(nlohmann::json::parse(entries[0].content)["rootfs"]["diff_ids"][0] ==
        pack::sha256_digest(keep_tar));
  CHECK(result.report.kept_paths == std::vector<std::string>{"/app", "/app/run"});
  w.check_every_container_removed();
}

TEST_CASE("a pipe offered but not taken (the sensor could not open it): both come as files") {
  // The World's sensor says it is done, not that it streams, and its summary says the same.
  World w;
  BuildResult result = w.build();
  auto packs = w.created_by_role("pack");
  REQUIRE(packs.size() == 1);
  CHECK(streams_to_pipe(w.engine.config_of(packs[0])));
  CHECK(w.called("get_archive " + packs[0] + " " + std::string(protocol::kSummaryPath)));
  CHECK(w.called("get_archive " + packs[0] + " " + std::string(protocol::kKeepTarPath)));
  CHECK(result.report.kept_paths == std::vector<std::string>{"/app", "/app/run"});
  w.check_every_container_removed();
}

TEST_CASE("a streamed summary is read strictly: its bound, its whole line, and what it says") {
  World w;
  const std::string keep_tar = tar_of({{"app/run", "#!/bin/true\n", 0755}});
  SUBCASE("past --max-record-mb: refused in one line, the tar never read") {
    w.analysis().max_record_bytes = 4096;
    stream_through_pipe(w, keep_tar, keep_tar.size());
    protocol::PackSummary summary;
    summary.tar = {2, 12, keep_tar.size(), true};
    summary.warnings = {std::string(8192, 'w')};
    w.engine.roles["pack"].pipe_writes = summary.to_json().dump() + "\n" + keep_tar;
    CHECK_THROWS_WITH_AS(
        w.build(), "the keep-set summary is larger than 4 KiB (--max-record-mb raises the bound)",
        std::runtime_error);
    CHECK(w.engine.last_load().empty());
  }
  SUBCASE("the pipe ends within the line") {
    stream_through_pipe(w, keep_tar, keep_tar.size());
    auto& writes = w.engine.roles["pack"].pipe_writes;
    writes = writes.substr(0, writes.find('\n'));
    CHECK_THROWS_WITH_AS(w.build(), "the pack container closed the pipe within a line",
                         std::runtime_error);
  }
  SUBCASE("a summary that says its tar is a file, from a sensor that said it streams") {
    stream_through_pipe(w, keep_tar, keep_tar.size(), false);
    CHECK_THROWS_WITH_AS(w.build(), "sensor pack streamed a summary that says its tar is a file",
                         std::runtime_error);
  }
  SUBCASE("a summary that says the tar streams, from a sensor that said it was done") {
    w.engine.roles["pack"].archives[std::string(protocol::kSummaryPath)] =
        tar_of({{"summary.json", [] {
                   protocol::PackSummary summary;
                   summary.tar = {2, 12, 2560, true};
                   return summary.to_json().dump();
                 }()}});
    CHECK_THROWS_WITH_AS(
        w.build(), "sensor pack's summary says it streams its tar, but the sensor said it was done",
        std::runtime_error);
  }
  w.check_every_container_removed();
}

TEST_CASE("an engine that refuses the pipe's mount gets the pack container without it") {
  World w;
  w.engine.roles["pack"].refuses_mounts = true;
  BuildResult result = w.build();
  auto packs = w.created_by_role("pack");
  REQUIRE(packs.size() == 1);
  CHECK(!streams_to_pipe(w.engine.config_of(packs[0])));
  CHECK(w.called("get_archive " + packs[0] + " " + std::string(protocol::kKeepTarPath)));
  CHECK(result.report.kept_paths == std::vector<std::string>{"/app", "/app/run"});
  w.check_every_container_removed();
}

TEST_CASE("without offer_layer_pipe (an engine elsewhere) the pack container gets no pipe") {
  World w;
  w.analysis().offer_layer_pipe = false;
  w.build();
  auto packs = w.created_by_role("pack");
  REQUIRE(packs.size() == 1);
  CHECK(!streams_to_pipe(w.engine.config_of(packs[0])));
  SUBCASE("a sensor that says it streamed all the same is refused") {
    World liar;
    liar.analysis().offer_layer_pipe = false;
    const std::string keep_tar = tar_of({{"app/run", "#!/bin/true\n", 0755}});
    stream_through_pipe(liar, keep_tar, keep_tar.size());
    CHECK_THROWS_WITH_AS(liar.build(), "sensor pack streamed the keep-set tar into no pipe",
                         std::runtime_error);
    liar.check_every_container_removed();
  }
}

TEST_CASE("a streamed keep tar is held to the size its summary says, either way") {
  World w;
  const std::string keep_tar = tar_of({{"app/run", "#!/bin/true\n", 0755}});
  SUBCASE("more bytes than announced: cut as they come") {
    stream_through_pipe(w, keep_tar, keep_tar.size() - 1024);
    const std::string error =
        "the keep-set tar is larger than the summary says (2 entries, 12 "
        "bytes of content, " +
        std::to_string(keep_tar.size() - 1024) + " bytes)";
    CHECK_THROWS_WITH_AS(w.build(), error.c_str(), std::runtime_error);
  }
  SUBCASE("fewer: a tar cut short, or padded less than announced") {
    stream_through_pipe(w, keep_tar, keep_tar.size() + 512);
    const std::string error = "the keep-set tar is " + std::to_string(keep_tar.size()) +
                              " bytes, not the " + std::to_string(keep_tar.size() + 512) +
                              " the summary says";
    CHECK_THROWS_WITH_AS(w.build(), error.c_str(), std::runtime_error);
  }
  w.check_every_container_removed();
}
