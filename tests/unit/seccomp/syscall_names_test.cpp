#include "seccomp/syscall_names.h"

#include <doctest/doctest.h>

using namespace minify::seccomp;

TEST_CASE("syscall names come from libseccomp for the record's architecture") {
  const auto x86_64 = architecture("x86_64");
  CHECK(syscall_name(x86_64, 0) == "read");
  CHECK(syscall_name(x86_64, 59) == "execve");
  CHECK(syscall_name(x86_64, 231) == "exit_group");
  // The same number means something else elsewhere: aarch64 uses the generic table.
  const auto aarch64 = architecture("aarch64");
  CHECK(syscall_name(aarch64, 63) == "read");
  CHECK(syscall_name(aarch64, 221) == "execve");
}

TEST_CASE("names map back to the architecture's numbers") {
  const auto x86_64 = architecture("x86_64");
  CHECK(syscall_number(x86_64, "openat") == 257);
  CHECK(is_syscall(x86_64, "openat"));
  CHECK_FALSE(is_syscall(architecture("aarch64"), "open"));
}

TEST_CASE("an unknown syscall number is a clear error naming the number and architecture") {
  const auto x86_64 = architecture("x86_64");
  CHECK_THROWS_WITH_AS(syscall_name(x86_64, 4000),
                       doctest::Contains("syscall number 4000 is unknown on x86_64"),
                       UnknownSyscall);
  CHECK_THROWS_AS(syscall_name(x86_64, -5), UnknownSyscall);
}

TEST_CASE("an unknown name, or another architecture's pseudo-syscall, is an error") {
  const auto x86_64 = architecture("x86_64");
  CHECK_THROWS_WITH_AS(syscall_number(x86_64, "not_a_syscall"),
                       "'not_a_syscall' is not a syscall on x86_64", UnknownSyscall);
  // socketcall exists on x86 only; libseccomp knows the name but it is no x86_64 syscall.
  CHECK_THROWS_AS(syscall_number(x86_64, "socketcall"), UnknownSyscall);
}

TEST_CASE("architectures are libseccomp's names, spelled for the profile and for the engine") {
  const auto x86_64 = architecture("x86_64");
  CHECK(profile_arch_name(x86_64) == "SCMP_ARCH_X86_64");
  CHECK(engine_arch_name(x86_64) == "amd64");
  CHECK(profile_arch_name(architecture("aarch64")) == "SCMP_ARCH_AARCH64");
  CHECK(engine_arch_name(architecture("aarch64")) == "arm64");
  CHECK_THROWS_WITH_AS(architecture("vax"), doctest::Contains("unknown architecture 'vax'"),
                       std::invalid_argument);
}
