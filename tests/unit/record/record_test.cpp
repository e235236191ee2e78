#include "record/record.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::record;

TEST_CASE("a record survives the JSON round trip") {
  Record r;
  r.sensor_version = "0.1.0";
  r.mode = "full";
  r.complete = true;
  r.arch = "x86_64";
  r.interception = "seccomp-notify";
  r.fanotify = true;
  r.bpf_syscalls = {"readlink"};
  r.warnings = {"w"};
  r.paths = {{"/usr/bin/python3", kRead | kExec, kPtrace | kFanotify, "/bin/sh"},
             {"/etc/hosts", kRead, kFanotify, ""},
             {"/usr/lib/jvm/default-java", kReadlink, kBpf, "/usr/bin/java"}};
  r.syscalls = {{0, 12}, {257, 3}};
  r.processes = {{1, 0, {"python3", "app.py"}, "/usr/bin/python3", 0, std::nullopt}};
  r.listening_ports = {8090, 8080};
  r.exit_status = 0;
  r.started_unix_ms = 1234;
  r.app_ms = 56;

  Record back = record_from_json(nlohmann::json::parse(to_json(r).dump()));
  CHECK(back.mode == "full");
  CHECK(back.complete);
  CHECK(back.interception == "seccomp-notify");
  CHECK(back.bpf_syscalls == std::vector<std::string>{"readlink"});
  REQUIRE(back.paths.size() == 3);
  CHECK(back.paths[0].path == "/usr/bin/python3");
  CHECK(back.paths[0].ops == (kRead | kExec));
  CHECK(back.paths[0].sources == (kPtrace | kFanotify));
  CHECK(back.paths[0].process == "/bin/sh");
  CHECK(back.paths[1].process == "");
  CHECK(back.paths[2].sources == kBpf);
  CHECK(to_json(r)["paths"][2]["sources"] == nlohmann::json::array({"bpf"}));
  // Without the eBPF recorder the field is left out, and a record without it reads as empty.
  r.bpf_syscalls.clear();
  CHECK_FALSE(to_json(r).contains("bpf_syscalls"));
  CHECK(record_from_json(to_json(r)).bpf_syscalls.empty());
  // A process nobody saw is left out of the JSON rather than written "".
  CHECK_FALSE(to_json(r)["paths"][1].contains("process"));
  REQUIRE(back.syscalls.size() == 2);
  CHECK(back.syscalls[1].nr == 257);
  CHECK(back.syscalls[1].count == 3);
  REQUIRE(back.processes.size() == 1);
  CHECK(back.processes[0].argv == std::vector<std::string>{"python3", "app.py"});
  CHECK(back.processes[0].exit_code == 0);
  CHECK_FALSE(back.processes[0].exit_signal.has_value());
  CHECK(back.listening_ports == std::vector<int>{8090, 8080});  // the app's order, not sorted
  CHECK(back.exit_status == 0);
  CHECK(back.app_ms == 56);
}

TEST_CASE("operation names map both ways") {
  CHECK(op_names(kRead | kStat) == std::vector<std::string>{"read", "stat"});
  CHECK(ops_from_names({"exec", "socket"}) == (kExec | kSocket));
  CHECK_THROWS_WITH(ops_from_names({"fly"}), "unknown operation 'fly'");
}

TEST_CASE("a record of another format version or with a missing field is refused by name") {
  nlohmann::json j = to_json(Record{});
  j["format_version"] = 99;
  CHECK_THROWS_WITH(record_from_json(j),
                    "record: format version 99 is not supported (this build reads version 1)");
  j = to_json(Record{});
  j.erase("paths");
  CHECK_THROWS_WITH(record_from_json(j), "record: missing field 'paths'");
}

TEST_CASE("file names are bytes: Latin-1, UTF-8 and control characters survive the record") {
  const std::string latin1 = "/data/caf\xE9.txt";
  const std::string netlock =
      "/etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem";
  const std::string control = "/tmp/tab\there\x1b";
  Record r;
  r.paths = {
      {latin1, kRead, kPtrace, ""}, {netlock, kRead, kPtrace, ""}, {control, kStat, kPtrace, ""}};
  r.processes = {{1, 0, {"cat", latin1}, "/usr/bin/caf\xE9", 0, std::nullopt}};
  r.warnings = {"cannot read " + latin1};

  // dump() is what the sensor writes: it must not refuse a name that is not UTF-8.
  const std::string text = to_json(r).dump();
  const nlohmann::json json = nlohmann::json::parse(text);
  CHECK(json["paths"][0]["path"] == nlohmann::json{{"hex", "2f646174612f636166e92e747874"}});
  CHECK(json["paths"][1]["path"] == netlock);
  CHECK(json["warnings"][0] == "cannot read /data/caf\\xe9.txt");

  Record back = record_from_json(json);
  REQUIRE(back.paths.size() == 3);
  CHECK(back.paths[0].path == latin1);
  CHECK(back.paths[1].path == netlock);
  CHECK(back.paths[2].path == control);
  REQUIRE(back.processes.size() == 1);
  CHECK(back.processes[0].argv == std::vector<std::string>{"cat", latin1});
  CHECK(back.processes[0].exe == "/usr/bin/caf\xE9");
}

TEST_CASE("a path that is neither a string nor {\"hex\": ...} is refused by name") {
  nlohmann::json j = to_json(Record{});
  j["paths"] = {{{"path", {{"hex", "zz"}}}, {"ops", {"read"}}, {"sources", {"ptrace"}}}};
  CHECK_THROWS_WITH(record_from_json(j),
                    "record: field 'path': file name: 'zz' is not lowercase hex");
}
