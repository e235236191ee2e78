#include "seccomp/profile.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "seccomp/runtime_baseline.h"
#include "seccomp/syscall_names.h"
#include "support/temp_dir.h"

using namespace minify;
using namespace minify::seccomp;

namespace {

record::Record full_record(std::vector<record::SyscallCount> calls) {
  record::Record r;
  r.mode = "full";
  r.complete = true;
  r.arch = "x86_64";
  r.syscalls = std::move(calls);
  return r;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("a profile allows the app's syscalls by name plus the runtime baseline") {
  // 0 read, 1 write, 41 socket, 231 exit_group, 302 prlimit64; a zero count was not made.
  const auto p = profile_from_record(full_record({{0, 9}, {1, 3}, {41, 1}, {231, 1}, {302, 0}}));
  CHECK(p.arch.name == "x86_64");
  CHECK(p.observed == std::vector<std::string>{"exit_group", "read", "socket", "write"});
  CHECK(has(p.allowed, "socket"));
  CHECK(has(p.allowed, "exit_group"));
  CHECK_FALSE(has(p.allowed, "prlimit64"));
  for (auto name : kRuntimeObserved) CHECK(has(p.allowed, std::string(name)));
  for (auto name : kRuntimeGoScheduler) CHECK(has(p.allowed, std::string(name)));
  CHECK(std::is_sorted(p.allowed.begin(), p.allowed.end()));
  CHECK(std::adjacent_find(p.allowed.begin(), p.allowed.end()) == p.allowed.end());
  CHECK(p.allowed.size() ==
        kRuntimeObserved.size() + kRuntimeGoScheduler.size() + 2 /* socket, exit_group */);
}

TEST_CASE("the baseline keeps only names the traced architecture has") {
  auto r = full_record({{94, 1}});  // exit_group on aarch64
  r.arch = "aarch64";
  const auto p = profile_from_record(r);
  CHECK(p.observed == std::vector<std::string>{"exit_group"});
  CHECK(has(p.allowed, "fstat") == is_syscall(p.arch, "fstat"));
  for (const auto& name : p.allowed) CHECK(is_syscall(p.arch, name));
  CHECK_NOTHROW(check_compiles(p));
}

TEST_CASE("a record with an unknown syscall number is an error, not a bad profile") {
  CHECK_THROWS_WITH_AS(profile_from_record(full_record({{0, 1}, {4000, 2}})),
                       doctest::Contains("syscall number 4000 is unknown on x86_64"),
                       UnknownSyscall);
}

TEST_CASE("a files-mode or incomplete record cannot make a profile") {
  auto r = full_record({{0, 1}});
  r.mode = "files";
  CHECK_THROWS_WITH_AS(profile_from_record(r), doctest::Contains("\"full\" mode"),
                       std::invalid_argument);
  r.mode = "full";
  r.complete = false;
  CHECK_THROWS_WITH_AS(profile_from_record(r), doctest::Contains("complete record"),
                       std::invalid_argument);
  r.complete = true;
  r.arch = "vax";
  CHECK_THROWS_AS(profile_from_record(r), std::invalid_argument);
}

TEST_CASE("the Docker-format JSON has the documented shape") {
  const auto p = profile_from_record(full_record({{0, 1}, {231, 1}}));
  const auto j = to_docker_json(p);
  CHECK(j.size() == 3);
  CHECK(j["defaultAction"] == "SCMP_ACT_ERRNO");
  CHECK_FALSE(j.contains("defaultErrnoRet"));
  CHECK_FALSE(j.contains("architectures"));  // the engine refuses both architectures and archMap
  REQUIRE(j["archMap"].size() == 1);
  CHECK(j["archMap"][0]["architecture"] == "SCMP_ARCH_X86_64");
  CHECK(j["archMap"][0]["subArchitectures"] == nlohmann::json::array());
  REQUIRE(j["syscalls"].size() == 1);
  const auto& rule = j["syscalls"][0];
  CHECK(rule["action"] == "SCMP_ACT_ALLOW");
  CHECK(rule["args"] == nlohmann::json::array());
  CHECK(rule["names"].get<std::vector<std::string>>() == p.allowed);

  const auto back = profile_from_docker_json(nlohmann::json::parse(j.dump()));
  CHECK(back.arch.name == "x86_64");
  CHECK(back.allowed == p.allowed);
}

TEST_CASE("reading back a document of another shape names the field at fault") {
  const auto good = to_docker_json(profile_from_record(full_record({{0, 1}})));
  auto j = good;
  j["defaultAction"] = "SCMP_ACT_ALLOW";
  CHECK_THROWS_WITH_AS(profile_from_docker_json(j), doctest::Contains("defaultAction"),
                       InvalidProfile);
  j = good;
  j["archMap"][0]["architecture"] = "SCMP_ARCH_VAX";
  CHECK_THROWS_WITH_AS(profile_from_docker_json(j), doctest::Contains("vax"), InvalidProfile);
  j = good;
  j["syscalls"][0]["names"] = {"write", "read"};
  CHECK_THROWS_WITH_AS(profile_from_docker_json(j), doctest::Contains("sorted"), InvalidProfile);
  j = good;
  j.erase("syscalls");
  CHECK_THROWS_WITH_AS(profile_from_docker_json(j), doctest::Contains("\"syscalls\""),
                       InvalidProfile);
}

TEST_CASE("compile validation accepts a real profile and names an invalid syscall") {
  auto p = profile_from_record(full_record({{0, 1}, {231, 1}}));
  CHECK_NOTHROW(check_compiles(p));

  p.allowed.push_back("not_a_syscall");
  CHECK_THROWS_WITH_AS(check_compiles(p), doctest::Contains("'not_a_syscall'"), InvalidProfile);

  p.allowed.back() = "socketcall";  // a pseudo-syscall on x86_64: resolves, but is not one
  CHECK_THROWS_WITH_AS(check_compiles(p), doctest::Contains("'socketcall'"), InvalidProfile);
}

TEST_CASE("write_profile validates first and leaves no file for an invalid profile") {
  const minify::test::TempDir dir;
  const auto path = dir / "app.seccomp.json";

  auto p = profile_from_record(full_record({{0, 1}, {231, 1}}));
  write_profile(p, path);
  std::ifstream in(path);
  const auto written = nlohmann::json::parse(in);
  CHECK(profile_from_docker_json(written).allowed == p.allowed);

  p.allowed.push_back("bogus");
  const auto bad = dir / "bad.json";
  CHECK_THROWS_AS(write_profile(p, bad), InvalidProfile);
  CHECK_FALSE(std::filesystem::exists(bad));

  CHECK_THROWS_WITH(
      write_profile(profile_from_record(full_record({{0, 1}})), dir / "no" / "x.json"),
      doctest::Contains("cannot write seccomp profile"));
}
