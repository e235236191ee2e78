#pragma once
// The seccomp filter the app runs under: the syscalls the sensor must see (the path syscalls of
// syscall_table.h, or every syscall in full mode but those granted anyway) are handed to it, the
// rest are allowed. Handed over as a user notification (SECCOMP_RET_USER_NOTIF) or as a ptrace
// stop (SECCOMP_RET_TRACE).

#include <span>
#include <string>
#include <vector>

namespace minify::sensor {

// SECCOMP_RET_DATA the tracer finds in PTRACE_GETEVENTMSG / ptrace_syscall_info: a syscall of
// another architecture (32-bit int 0x80 on x86_64) stops with kForeignArchData.
inline constexpr unsigned kNativeArchData = 0;
inline constexpr unsigned kForeignArchData = 1;

// The native numbers of syscall `names` (TraceArgs::granted), sorted and unique; names libseccomp
// does not know on this architecture are left out (the profile has nothing to allow for them).
std::vector<int> native_syscall_numbers(const std::vector<std::string>& names);

// Installs the filter on the calling thread (the app's process, just before exec). Needs
// CAP_SYS_ADMIN or no_new_privs. Returns 0 or a negative errno. In full mode the `granted`
// syscalls run without being handed over (but path syscalls, handed over as in files mode for
// their files); files mode ignores them. With `listener` set, the filter notifies a listener fd,
// stored there on success, that this process holds (close-on-exec) for the sensor to take;
// syscalls of a foreign architecture still stop for ptrace with kForeignArchData. Without it,
// the filter stops the tracee for ptrace. The `in_kernel` syscalls run without a hand-over in
// either mode: an eBPF program records them (bpf_readlink_recorder.h).
int install_trace_filter(bool full, std::span<const int> granted, std::span<const int> in_kernel,
                         int* listener);

}  // namespace minify::sensor
