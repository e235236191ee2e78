#pragma once
// Syscall names and numbers of one architecture, as libseccomp knows them: never a hand-typed
// table, so a new kernel's syscalls come with a new libseccomp.

#include <stdexcept>
#include <string>
#include <string_view>

#include "seccomp/architecture.h"

namespace minify::seccomp {

// A syscall number or name that libseccomp does not know for the architecture.
class UnknownSyscall : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws UnknownSyscall ("syscall number 999 is unknown on x86_64 ...").
std::string syscall_name(const Architecture& arch, int number);

// The architecture's own number for `name`. Throws UnknownSyscall when libseccomp does not know
// the name, or knows it only as a pseudo-syscall of another architecture (e.g. "socketcall" on
// x86_64).
int syscall_number(const Architecture& arch, std::string_view name);

// Whether `name` is a real syscall of the architecture.
bool is_syscall(const Architecture& arch, std::string_view name);

}  // namespace minify::seccomp
