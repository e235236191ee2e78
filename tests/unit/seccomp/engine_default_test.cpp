#include "seccomp/engine_default.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::seccomp;

namespace {

// A small profile in the engine's own format, with each kind of condition its default one uses.
nlohmann::json sample_profile() {
  return nlohmann::json::parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [
      {"names": ["read", "write", "socketcall", "no_such_call"], "action": "SCMP_ACT_ALLOW",
       "args": [], "includes": {}, "excludes": {}},
      {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}], "includes": {}, "excludes": {}},
      {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
      {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
      {"names": ["arm_fadvise64_64"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm"]}},
      {"names": ["mount", "unshare"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
      {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT"]}},
      {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}},
      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
    ]})");
}

}  // namespace

TEST_CASE("kernel versions keep major and minor") {
  CHECK(parse_kernel_version("6.18.44-fc-v769").major == 6);
  CHECK(parse_kernel_version("6.18.44-fc-v769").minor == 18);
  CHECK(parse_kernel_version("4.8").minor == 8);
  CHECK_THROWS_AS(parse_kernel_version("linux"), std::invalid_argument);
  CHECK_THROWS_AS(parse_kernel_version("6"), std::invalid_argument);
}

TEST_CASE("allowed syscalls follow the engine's includes and excludes") {
  const auto x86_64 = architecture("x86_64");
  const auto allowed =
      allowed_syscalls(sample_profile(), x86_64, kEngineDefaultCapabilities, {6, 1});
  // Not socketcall (x86 only), not no_such_call, not the ARM or CAP_SYS_ADMIN ones, not the
  // ERRNO rule's clone3.
  CHECK(allowed == std::vector<std::string>{"arch_prctl", "chroot", "clone", "personality",
                                            "ptrace", "read", "write"});

  const std::array<std::string_view, 1> admin = {"CAP_SYS_ADMIN"};
  const auto with_admin = allowed_syscalls(sample_profile(), x86_64, admin, {4, 4});
  CHECK(with_admin ==
        std::vector<std::string>{"arch_prctl", "mount", "personality", "read", "unshare", "write"});
}

TEST_CASE("a malformed profile is an error") {
  CHECK_THROWS_AS(allowed_syscalls(nlohmann::json::object(), architecture("x86_64"),
                                   kEngineDefaultCapabilities, {6, 1}),
                  std::runtime_error);
}
