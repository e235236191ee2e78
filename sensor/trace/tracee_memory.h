#pragma once
// Reading a stopped tracee's memory: process_vm_readv, with PTRACE_PEEKDATA when that is refused.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace minify::sensor {

// The NUL-terminated string at `address` in `pid` (at most PATH_MAX bytes) into `out`.
// False when the memory cannot be read or no NUL comes within PATH_MAX bytes.
bool read_tracee_string(pid_t pid, std::uint64_t address, std::string& out);
// The NUL-terminated string at `address` (at most PATH_MAX bytes) into `out`, read with
// `read_chunk` (exactly `size` bytes at an address into a buffer, or false) a page at a time, so
// that a string near the end of a mapping does not make the read fail. False when a read fails or
// no NUL comes within PATH_MAX bytes. The one way both readers of paths read them.
bool read_string_by_pages(
    std::uint64_t address, std::string& out,
    const std::function<bool(std::uint64_t address, char* buffer, std::size_t size)>& read_chunk);
// Exactly `size` bytes at `address` in `pid` into `buffer`; false when they cannot be read.
bool read_tracee_bytes(pid_t pid, std::uint64_t address, void* buffer, std::size_t size);

}  // namespace minify::sensor
