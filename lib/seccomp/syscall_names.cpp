#include "seccomp/syscall_names.h"

#include <seccomp.h>

#include <cstdlib>
#include <memory>

namespace minify::seccomp {

std::string syscall_name(const Architecture& arch, int number) {
  // libseccomp hands back a malloc'd string, or null for a number it does not know.
  std::unique_ptr<char, decltype(&std::free)> name(
      seccomp_syscall_resolve_num_arch(arch.token, number), &std::free);
  if (!name || number < 0) {
    throw UnknownSyscall("syscall number " + std::to_string(number) + " is unknown on " +
                         arch.name + " (libseccomp " + std::to_string(seccomp_version()->major) +
                         "." + std::to_string(seccomp_version()->minor) +
                         " has no name for it): is the record from another architecture?");
  }
  return name.get();
}

int syscall_number(const Architecture& arch, std::string_view name) {
  const std::string n(name);
  const int number = seccomp_syscall_resolve_name_arch(arch.token, n.c_str());
  // Negative numbers are libseccomp's pseudo-syscalls: names it knows on some other architecture.
  if (number < 0) throw UnknownSyscall("'" + n + "' is not a syscall on " + arch.name);
  return number;
}

bool is_syscall(const Architecture& arch, std::string_view name) {
  const std::string n(name);
  return seccomp_syscall_resolve_name_arch(arch.token, n.c_str()) >= 0;
}

}  // namespace minify::seccomp
