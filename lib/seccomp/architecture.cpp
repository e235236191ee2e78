#include "seccomp/architecture.h"

#include <seccomp.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace minify::seccomp {

Architecture architecture(std::string_view libseccomp_name) {
  const std::string name(libseccomp_name);
  const std::uint32_t token = seccomp_arch_resolve_name(name.c_str());
  if (token == 0)
    throw std::invalid_argument("unknown architecture '" + name +
                                "' (libseccomp has no such name)");
  return {name, token};
}

std::string profile_arch_name(const Architecture& arch) {
  std::string upper = arch.name;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return "SCMP_ARCH_" + upper;
}

std::string engine_arch_name(const Architecture& arch) {
  // Docker keys its rule filters by Go's GOARCH-derived names (profiles/seccomp in the engine's
  // source); only these differ from libseccomp's. "mips3l64n32" is the engine's own spelling.
  if (arch.name == "x86_64") return "amd64";
  if (arch.name == "aarch64") return "arm64";
  if (arch.name == "mipsel64n32") return "mips3l64n32";
  return arch.name;
}

}  // namespace minify::seccomp
