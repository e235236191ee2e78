#pragma once
// The seccomp filter the app runs under: SECCOMP_RET_TRACE for the syscalls the tracer must see
// (the path syscalls of syscall_table.h, or every syscall in full mode), allow for the rest.

namespace minify::sensor {

// SECCOMP_RET_DATA the tracer finds in PTRACE_GETEVENTMSG / ptrace_syscall_info: a syscall of
// another architecture (32-bit int 0x80 on x86_64) stops with kForeignArchData.
inline constexpr unsigned kNativeArchData = 0;
inline constexpr unsigned kForeignArchData = 1;

// Installs the filter on the calling thread (the app's process, just before exec). Needs
// CAP_SYS_ADMIN or no_new_privs. Returns 0 or a negative errno.
int install_trace_filter(bool full);

}  // namespace minify::sensor
