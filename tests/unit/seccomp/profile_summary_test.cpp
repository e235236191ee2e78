#include "seccomp/profile_summary.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify;
using namespace minify::seccomp;

namespace {

Profile small_profile() {
  record::Record r;
  r.mode = "full";
  r.complete = true;
  r.arch = "x86_64";
  r.syscalls = {{0, 4}, {41, 1}, {231, 1}};  // read (also in the baseline), socket, exit_group
  return profile_from_record(r);
}

}  // namespace

TEST_CASE("the summary counts the profile against the engine's default") {
  const auto p = small_profile();
  const auto s = summarize(p, "app.seccomp.json", EngineDefault{"/x/default.json", 292});
  // The runtime's 35 (every name of the baseline is an x86_64 syscall), and the two the app made
  // beyond them: read is the runtime's too, whether the app made it or not.
  CHECK(s.runtime == 35);
  CHECK(s.observed == 2);
  CHECK(s.allowed == 37);
  CHECK(p.allowed.size() == 37);
  CHECK(describe(s) ==
        "seccomp profile app.seccomp.json allows 37 syscalls (35 the runtime needs, 2 more the app "
        "made); Docker's default profile allows 292");
  const auto j = to_json(s);
  CHECK(j["allowed"] == 37);
  CHECK(j["observed"] == 2);
  CHECK(j["arch"] == "x86_64");
  CHECK(j["engine_default"]["allowed"] == 292);
  CHECK(j["engine_default"]["source"] == "/x/default.json");
  CHECK(j["engine_default"]["engine"] == "Docker");
  CHECK(j["engine"] == "Docker");
}

TEST_CASE("Podman's default is named as Podman's, found or not") {
  const auto p = small_profile();
  const auto s = summarize(p, "a.json", EngineDefault{"/usr/share/containers/seccomp.json", 300},
                           DefaultProfileOf::kPodman);
  CHECK(describe(s).ends_with("; Podman's default profile allows 300"));
  CHECK(to_json(s)["engine_default"]["engine"] == "Podman");
  const auto unknown = summarize(p, "a.json", std::nullopt, DefaultProfileOf::kPodman);
  CHECK(describe(unknown).ends_with(
      "; Podman's default profile is not known (no /usr/share/containers/seccomp.json on this "
      "machine)"));
  CHECK(to_json(unknown)["engine"] == "Podman");
  CHECK(to_json(unknown)["engine_default"].is_null());
}

TEST_CASE("for Podman the security option is the written profile's absolute path") {
  const auto opt = security_opt_path("sub/../app.json");
  CHECK(opt == "seccomp=" + (std::filesystem::current_path() / "app.json").string());
}

TEST_CASE("without the engine's default profile the summary says so") {
  const auto s = summarize(small_profile(), "p.json", std::nullopt);
  CHECK(describe(s).find("default profile was not found") != std::string::npos);
  CHECK(to_json(s)["engine_default"].is_null());
}

TEST_CASE("the security option carries the profile inline") {
  const auto p = small_profile();
  const auto opt = security_opt(p);
  REQUIRE(opt.rfind("seccomp=", 0) == 0);
  CHECK(nlohmann::json::parse(opt.substr(8)) == to_docker_json(p));
}
