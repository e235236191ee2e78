#pragma once
// An architecture as libseccomp names it ("x86_64", "aarch64", ...), and the other names the
// same architecture goes by in a Docker seccomp profile.

#include <cstdint>
#include <string>
#include <string_view>

namespace minify::seccomp {

struct Architecture {
  std::string name;         // libseccomp's name, as in record::Record::arch
  std::uint32_t token = 0;  // libseccomp's SCMP_ARCH_* value (the kernel's AUDIT_ARCH_*)
};

// Throws std::invalid_argument when libseccomp does not know the name.
Architecture architecture(std::string_view libseccomp_name);

// The profile's "archMap"/"architectures" spelling: "SCMP_ARCH_X86_64".
std::string profile_arch_name(const Architecture& arch);

// The spelling Docker's own rule filters use ("includes": {"arches": ["amd64"]}): Go's names for
// the architectures where they differ from libseccomp's.
std::string engine_arch_name(const Architecture& arch);

}  // namespace minify::seccomp
