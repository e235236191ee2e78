// The runtime baseline (lib/seccomp/runtime_baseline.h) against the real engine: without it a
// container cannot start, with it a program making a single syscall starts, and the runtime makes
// nothing outside it. And a profile is enforced: what it does not allow fails with EPERM.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "seccomp/engine_default.h"
#include "seccomp/runtime_baseline.h"
#include "seccomp/syscall_names.h"
#include "seccomp_test_support.h"
#include "support/process.h"
#include "support/test_engine.h"

using namespace minify;
using namespace minify::seccomp;
using namespace minify::seccomp::testing;
using minify::test::ContainerGuard;
using minify::test::test_engine;

namespace {

constexpr int kWrite = 1, kPause = 34, kExitGroup = 231;

// The kernel log, or nullopt when this user cannot read it.
std::optional<std::vector<std::string>> kernel_log() {
  const auto dmesg = minify::test::run_process({"dmesg"});
  if (dmesg.status != 0 || dmesg.out.empty()) return std::nullopt;
  std::vector<std::string> lines;
  std::istringstream in(dmesg.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
  return lines;
}

RunOptions under(nlohmann::json profile) {
  RunOptions options;
  options.profile = std::move(profile);
  return options;
}

std::string wait_for_output(const std::string& id, const std::string& expected) {
  std::string out;
  for (int i = 0; i < 100; ++i) {
    out = test_engine().container_logs(id).out;
    if (out.find(expected) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return out;
}

// Runs /try_denied beside /pause_only in a container with CAP_SYS_ADMIN (so that Docker's own
// profile allows unshare) under `profile`; returns what it printed.
std::string try_denied_under(std::optional<nlohmann::json> profile) {
  RunOptions options;
  options.entrypoint = {"/pause_only"};
  options.profile = std::move(profile);
  options.cap_add = {"SYS_ADMIN"};
  ContainerGuard container(create_container(options));
  test_engine().start_container(container.id());
  REQUIRE(wait_for_output(container.id(), "up\n") == "up\n");
  engine::ExecConfig exec;
  exec.argv = {"/try_denied"};
  const auto result = test_engine().run_exec(container.id(), exec, std::chrono::seconds(30));
  CHECK(result.exit_code == 0);
  return result.out;
}

}  // namespace

TEST_CASE("without the runtime baseline the container does not start") {
  const auto x86_64 = architecture("x86_64");
  const Profile exit_group_only{x86_64, {"exit_group"}, {"exit_group"}};
  check_compiles(exit_group_only);
  const auto result = run_to_exit(under(to_docker_json(exit_group_only)));
  INFO("start error: " << result.start_error << ", exit code " << result.exit_code);
  CHECK_FALSE((result.started && result.exit_code == 0));
}

TEST_CASE("with the runtime baseline a program making one syscall starts and exits 0") {
  const auto profile = profile_of({kExitGroup});
  REQUIRE(profile.observed == std::vector<std::string>{"exit_group"});
  for (int i = 0; i < 3; ++i) {
    const auto result = run_to_exit(under(to_docker_json(profile)));
    INFO("run " << i << ": " << result.start_error);
    CHECK(result.started);
    CHECK(result.exit_code == 0);
  }
}

TEST_CASE("the runtime makes no syscall outside the baseline (kernel audit log)") {
  const auto before = kernel_log();
  if (!before) {
    MESSAGE("skipped: the kernel log is not readable here, so runc's calls cannot be seen");
    return;
  }
  // SCMP_ACT_LOG lets every call outside the profile through and logs it as an audit line
  // (type=1326) with the caller's comm: runc's own init is "runc:[2:INIT]".
  auto logging = to_docker_json(profile_of({kExitGroup}));
  logging["defaultAction"] = "SCMP_ACT_LOG";
  for (int i = 0; i < 5; ++i) {
    const auto result = run_to_exit(under(logging));
    REQUIRE(result.started);
  }
  // Five runs: the kernel's limit of 10 audit lines per 5 s still shows the first few.
  const auto after = kernel_log();
  REQUIRE(after);
  const std::regex audit(R"(type=1326 .*comm="runc:\[2:INIT\]".* syscall=(\d+))");
  const auto x86_64 = architecture("x86_64");
  std::set<std::string> outside;
  for (std::size_t i = before->size(); i < after->size(); ++i) {
    std::smatch m;
    if (std::regex_search((*after)[i], m, audit))
      outside.insert(syscall_name(x86_64, std::stoi(m[1].str())));
  }
  std::string names;
  for (const auto& name : outside) names += name + " ";
  INFO("runc made these outside the baseline (add them to runtime_baseline.h): " << names);
  CHECK(outside.empty());
}

TEST_CASE("a syscall the profile does not allow fails with EPERM; the default profile allows it") {
  const auto profile = profile_of({kWrite, kPause, kExitGroup});
  for (const char* name : {"ptrace", "unshare"}) {
    CHECK(std::find(profile.allowed.begin(), profile.allowed.end(), name) == profile.allowed.end());
  }
  // Control: under Docker's default profile, with CAP_SYS_ADMIN, both succeed...
  CHECK(try_denied_under(std::nullopt) == "ptrace=0 unshare=0\n");
  // ...and under the app's profile both return -EPERM (-1).
  CHECK(try_denied_under(to_docker_json(profile)) == "ptrace=-1 unshare=-1\n");
}

TEST_CASE("the engine's default profile is found and counted as the engine applies it") {
  const auto x86_64 = architecture("x86_64");
  const auto kernel = test_engine().version().kernel_version;
  const auto found = engine_default(x86_64, kernel);
  REQUIRE_MESSAGE(found, "no default.json: scripts/install-deps installs it");
  INFO("counted from " << found->source);
  CHECK(found->allowed > profile_of({kExitGroup}).allowed.size());
  CHECK(found->allowed < 450);

  // The same answers the engine gave above: ptrace allowed by default, unshare only with
  // CAP_SYS_ADMIN.
  std::ifstream in(found->source);
  const auto json = nlohmann::json::parse(in);
  const auto by_default =
      allowed_syscalls(json, x86_64, kEngineDefaultCapabilities, parse_kernel_version(kernel));
  CHECK(by_default.size() == found->allowed);
  const auto has = [](const std::vector<std::string>& v, const char* s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  CHECK(has(by_default, "ptrace"));
  CHECK_FALSE(has(by_default, "unshare"));
  std::vector<std::string_view> with_admin(kEngineDefaultCapabilities.begin(),
                                           kEngineDefaultCapabilities.end());
  with_admin.push_back("CAP_SYS_ADMIN");
  CHECK(has(allowed_syscalls(json, x86_64, with_admin, parse_kernel_version(kernel)), "unshare"));
}
