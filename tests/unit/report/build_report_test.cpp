#include "report/build_report.h"

#include <doctest/doctest.h>

using namespace minify::report;

namespace {

BuildReport sample() {
  BuildReport r;
  r.minify_version = "0.1.0";
  r.original = {"app:1", "sha256:aaa", 100'000'000};
  r.slim = {"app.slim:1", "sha256:bbb", 10'000'000};
  r.sensor_mode = "files";
  r.fanotify = true;
  r.kept = {120, 30, 5, 9'000'000};
  r.image = {5000, 800, 300, 95'000'000};
  r.largest_dirs = {{"/usr/lib", 8'000'000, 100}};
  r.kept_by_reason = {{"record", 40}, {"elf", 60}, {"parent", 20}};
  r.kept_paths = {"/app/server.py", "/usr/bin/python3"};
  ProbeReport p;
  p.kind = "http";
  p.name = "GET /";
  p.original = {true, 200, 42, "", 3.5};
  p.slim = ProbeRun{true, 200, 42, "", 2.0};
  r.probes = {p};
  r.verify = {true, true, {}, ""};
  r.phases = {{"inspect", 0.1}, {"analysis", 2.0}, {"pack", 0.5}};
  r.warnings = {"fanotify unavailable: ptrace only"};
  return r;
}

}  // namespace

TEST_CASE("the JSON report carries the versioned schema's fields") {
  auto j = to_json(sample());
  CHECK(j["schema_version"] == kSchemaVersion);
  CHECK(j["original"]["size"] == 100'000'000);
  CHECK(j["slim"]["reference"] == "app.slim:1");
  CHECK(j["ratio"].get<double>() == doctest::Approx(0.1));
  CHECK(j["kept"]["files"] == 120);
  CHECK(j["image"]["files"] == 5000);
  CHECK(j["largest_kept_dirs"][0]["path"] == "/usr/lib");
  CHECK(j["kept_by_reason"] == nlohmann::json{{"elf", 60}, {"parent", 20}, {"record", 40}});
  CHECK(j["kept_paths"][1] == "/usr/bin/python3");
  CHECK(j["probes"][0]["original"]["status"] == 200);
  CHECK(j["probes"][0]["slim"]["status"] == 200);
  CHECK(j["verify"]["passed"] == true);
  CHECK(j["phases_seconds"]["analysis"].get<double>() == doctest::Approx(2.0));
  CHECK(j["total_seconds"].get<double>() == doctest::Approx(2.6));
  CHECK(j["sensor"]["mode"] == "files");
  CHECK(j["app_exit_status"].is_null());
  CHECK(j["warnings"].size() == 1);
}

TEST_CASE("the text summary says sizes, ratio, files, verify and times") {
  std::string text = text_summary(sample());
  CHECK(text.find("app:1 -> app.slim:1") != std::string::npos);
  CHECK(text.find("100 MB -> 10.0 MB (10.0x smaller, 10.0% of the original)") != std::string::npos);
  CHECK(text.find("120 kept of 5000") != std::string::npos);
  CHECK(text.find("verify   passed") != std::string::npos);
  CHECK(text.find("analysis 2.0s") != std::string::npos);
  CHECK(text.find("total 2.6s") != std::string::npos);
  CHECK(text.find("warning  fanotify unavailable") != std::string::npos);
}

TEST_CASE("a failed verify lists what differed") {
  auto r = sample();
  r.verify.passed = false;
  r.verify.mismatches = {{VerifyRun::kSlim, 1, "GET /quote", "status 200 -> 500"}};
  std::string text = text_summary(r);
  CHECK(text.find("verify   FAILED") != std::string::npos);
  CHECK(text.find("GET /quote: status 200 -> 500") != std::string::npos);
  CHECK(to_json(r)["verify"]["mismatches"][0] == "GET /quote: status 200 -> 500");
}

TEST_CASE("a mismatch is rendered from its run, probe and what differed") {
  CHECK(describe({VerifyRun::kSlim, 0, "GET /", "status 200 -> 500"}) ==
        "GET /: status 200 -> 500");
  CHECK(describe({VerifyRun::kSlimUnderSeccomp, 0, "GET /", "status 200 -> 500"}) ==
        "slim under the seccomp profile: GET /: status 200 -> 500");
  CHECK(describe({VerifyRun::kOriginalUnderSeccomp, std::nullopt, "", "the app exited"}) ==
        "original under the seccomp profile: the app exited");
  CHECK(describe({VerifyRun::kSlim, std::nullopt, "", "the slim image: no answer"}) ==
        "the slim image: no answer");
}

TEST_CASE("a probe's mismatch in the JSON is its plain verify's, by index, not by name") {
  auto r = sample();
  r.probes.push_back(r.probes[0]);  // two probes of one name: only the index tells them apart
  r.verify.passed = false;
  r.verify.mismatches = {{VerifyRun::kSlim, 1, r.probes[1].name, "status 200 -> 500"},
                         {VerifyRun::kOriginalUnderSeccomp, 0, r.probes[0].name, "no answer"}};
  auto j = to_json(r);
  CHECK(j["probes"][0]["mismatch"] == "");
  CHECK(j["probes"][1]["mismatch"] == "status 200 -> 500");
}

TEST_CASE("kept paths are bytes: a Latin-1 name is {\"hex\": ...}, warnings are printable") {
  BuildReport r;
  r.kept_paths = {"/data/caf\xE9", "/etc/F\xC5\x91.pem"};
  r.warnings = {"--exclude removes /data/caf\xE9"};
  const nlohmann::json json = nlohmann::json::parse(to_json(r).dump());
  CHECK(json["kept_paths"] ==
        nlohmann::json::array({{{"hex", "2f646174612f636166e9"}}, "/etc/F\xC5\x91.pem"}));
  CHECK(json["warnings"][0] == "--exclude removes /data/caf\\xe9");
  CHECK(text_summary(r).find("warning  --exclude removes /data/caf\\xe9\n") != std::string::npos);
}

TEST_CASE("the ports the app listened on and where HTTP probes went: JSON and text") {
  auto r = sample();
  r.listening_ports = {8090, 9090};
  r.probed_ports = {{8090, false, "container address"}, {9090, true, "published"}};
  auto j = to_json(r);
  CHECK(j["ports"]["listening"] == nlohmann::json::array({8090, 9090}));
  CHECK(j["ports"]["probed"][0] ==
        nlohmann::json{{"port", 8090}, {"exposed", false}, {"via", "container address"}});
  CHECK(j["ports"]["probed"][1]["via"] == "published");
  CHECK(text_summary(r).find("  ports    HTTP on 8090 (not exposed, container address), 9090 "
                             "(exposed)\n") != std::string::npos);
  CHECK(to_json(sample())["ports"] == nlohmann::json{{"listening", nlohmann::json::array()},
                                                     {"probed", nlohmann::json::array()}});
  CHECK(text_summary(sample()).find("ports") == std::string::npos);
}

TEST_CASE("schema 2: kept files with their reasons, each detail under its kind's key") {
  BuildReport r = sample();
  r.kept_files = {
      {"/app/server.py", "file", 120, {{"read", "/usr/bin/python3"}}},
      {"/usr/bin/python3", "file", 6'000'000, {{"executed", ""}, {"stat", "/bin/sh"}}},
      {"/usr/lib/libssl.so.3", "file", 600'000, {{"elf_library", "/usr/lib/_ssl.so"}}},
      {"/lib64/ld.so", "file", 200'000, {{"elf_interpreter", "/usr/bin/python3"}}},
      {"/usr/bin/py", "symlink", 0, {{"symlink", "/usr/bin/python3"}}},
      {"/usr", "dir", 0, {{"parent", "/usr/bin"}}},
      {"/etc/passwd", "file", 800, {{"default_rule", "user files"}}},
      {"/srv/static", "dir", 0, {{"include", "/srv/*"}}},
      {"/var/log", "dir", 0, {{"written_dir", "/usr/bin/python3"}}},
      {"/srv/caf\xE9", "file", 1, {{"read", "/usr/bin/caf\xE9"}}},
  };
  const auto j = nlohmann::json::parse(to_json(r).dump());
  CHECK(j["schema_version"] == 3);
  const auto& kept = j["kept_files"];
  CHECK(kept[0] == nlohmann::json::parse(R"({"path": "/app/server.py", "type": "file",
      "bytes": 120, "reasons": [{"kind": "read", "process": "/usr/bin/python3"}]})"));
  // An unknown process is left out; a known one is named.
  CHECK(kept[1]["reasons"] ==
        nlohmann::json::parse(R"([{"kind": "executed"}, {"kind": "stat", "process": "/bin/sh"}])"));
  CHECK(kept[2]["reasons"][0] ==
        nlohmann::json{{"kind", "elf_library"}, {"of", "/usr/lib/_ssl.so"}});
  CHECK(kept[3]["reasons"][0] ==
        nlohmann::json{{"kind", "elf_interpreter"}, {"of", "/usr/bin/python3"}});
  CHECK(kept[4]["reasons"][0] == nlohmann::json{{"kind", "symlink"}, {"to", "/usr/bin/python3"}});
  CHECK(kept[5]["reasons"][0] == nlohmann::json{{"kind", "parent"}, {"of", "/usr/bin"}});
  CHECK(kept[6]["reasons"][0] == nlohmann::json{{"kind", "default_rule"}, {"rule", "user files"}});
  CHECK(kept[7]["reasons"][0] == nlohmann::json{{"kind", "include"}, {"pattern", "/srv/*"}});
  CHECK(kept[8]["reasons"][0] ==
        nlohmann::json{{"kind", "written_dir"}, {"process", "/usr/bin/python3"}});
  // Names that are not UTF-8 take the byte-name encoding, details too.
  CHECK(kept[9]["path"] == nlohmann::json{{"hex", "2f7372762f636166e9"}});
  CHECK(kept[9]["reasons"][0]["process"] == nlohmann::json{{"hex", "2f7573722f62696e2f636166e9"}});
}

TEST_CASE("schema 2: what was dropped, the treemap and what the closure skipped") {
  BuildReport r = sample();
  r.dropped = {3,
               1500,
               {{"/usr/share/doc", 1000, 2}},
               {{"/usr/share/doc/big", "file", 900}},
               {{"/usr/share/doc", "dir", 0}, {"/usr/share/doc/big", "file", 900}}};
  r.filesystem = {{"/", 0, 100, 2, 1500, 3}, {"/usr", 1, 0, 0, 1500, 3}};
  r.skipped = {{"/tmp/x", "created at run time"}};
  const auto j = to_json(r);
  CHECK(j["dropped"] == nlohmann::json::parse(R"({"files": 3, "bytes": 1500,
      "by_directory": [{"path": "/usr/share/doc", "bytes": 1000, "files": 2}],
      "largest": [{"path": "/usr/share/doc/big", "bytes": 900}],
      "entries": [["/usr/share/doc", "dir", 0], ["/usr/share/doc/big", "file", 900]]})"));
  CHECK(j["filesystem"] == nlohmann::json::parse(R"({"directories": [
      {"path": "/", "depth": 0, "kept_bytes": 100, "kept_files": 2, "dropped_bytes": 1500,
       "dropped_files": 3},
      {"path": "/usr", "depth": 1, "kept_bytes": 0, "kept_files": 0, "dropped_bytes": 1500,
       "dropped_files": 3}]})"));
  CHECK(j["skipped"] ==
        nlohmann::json::parse(R"([{"path": "/tmp/x", "reason": "created at run time"}])"));
}

TEST_CASE("a pack summary taken into the report: its parts as it wrote them, its warnings after") {
  minify::protocol::PackSummary s;
  s.kept = {.files = 7, .dirs = 3, .symlinks = 2, .hardlinks = 1, .other = 1, .bytes = 5100};
  s.image = {.files = 10, .dirs = 5, .symlinks = 4, .hardlinks = 0, .other = 2, .bytes = 99999};
  s.kept_by_reason = {{"record", 4}, {"elf", 3}};
  s.largest_dirs = {{"/usr/lib", 4000, 3}};
  s.skipped = {{"/etc/hosts", "made by the engine"}};
  s.warnings = {"no ld.so.cache"};
  s.kept_files = {{"/usr/bin/app", "file", 4000, {{"executed", ""}, {"read", "/bin/sh"}}}};
  s.dropped = {3,
               94899,
               {{"/opt", 4899, 1}},
               {{"/opt/big", "file", 4899}},
               {{"/opt", "dir", 0}, {"/opt/big", "file", 4899}}};
  s.filesystem = {{"/", 0, 5100, 7, 94899, 3}};
  const nlohmann::json wire = s.to_json();
  BuildReport r = sample();
  add_pack_summary(r, minify::protocol::PackSummary(s));
  const nlohmann::json j = to_json(r);
  CHECK(j["kept"] == nlohmann::json{{"files", 7}, {"dirs", 3}, {"symlinks", 2}, {"bytes", 5100}});
  CHECK(j["image"]["files"] == 10);
  CHECK(j["kept_by_reason"] == wire["kept_by_reason"]);
  CHECK(j["largest_kept_dirs"] == wire["largest_dirs"]);
  CHECK(j["dropped"] == wire["dropped"]);
  CHECK(j["filesystem"] == wire["filesystem"]);
  CHECK(j["skipped"] == wire["skipped"]);
  CHECK(j["warnings"] ==
        nlohmann::json::array({"fanotify unavailable: ptrace only", "no ld.so.cache"}));
  // The reasons differ on purpose: the report keys a detail by its kind, the wire says "detail".
  CHECK(j["kept_files"][0]["reasons"] ==
        nlohmann::json::parse(R"([{"kind": "executed"}, {"kind": "read", "process": "/bin/sh"}])"));
  CHECK(wire["kept_files"][0]["reasons"][1] ==
        nlohmann::json{{"kind", "read"}, {"detail", "/bin/sh"}});
}
