#include "trace/tracee_memory.h"

#include <limits.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>

namespace minify::sensor {
namespace {

constexpr std::size_t kPage = 4096;

bool peek_bytes(pid_t pid, std::uint64_t address, char* buffer, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    std::uint64_t word_address = (address + done) & ~std::uint64_t{sizeof(long) - 1};
    std::size_t skip = address + done - word_address;
    errno = 0;
    long word = ptrace(PTRACE_PEEKDATA, pid, word_address, nullptr);
    if (errno != 0) return false;
    std::size_t take = std::min(sizeof(long) - skip, size - done);
    std::memcpy(buffer + done, reinterpret_cast<const char*>(&word) + skip, take);
    done += take;
  }
  return true;
}

bool read_chunk(pid_t pid, std::uint64_t address, char* buffer, std::size_t size) {
  iovec local{buffer, size};
  iovec remote{reinterpret_cast<void*>(address), size};
  ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
  if (n == static_cast<ssize_t>(size)) return true;
  // EPERM/ENOSYS where process_vm_readv is filtered: ptrace itself still reads.
  if (n < 0 && (errno == EPERM || errno == ENOSYS)) return peek_bytes(pid, address, buffer, size);
  return false;
}

}  // namespace

bool read_tracee_bytes(pid_t pid, std::uint64_t address, void* buffer, std::size_t size) {
  return read_chunk(pid, address, static_cast<char*>(buffer), size);
}

bool read_string_by_pages(
    std::uint64_t address, std::string& out,
    const std::function<bool(std::uint64_t, char*, std::size_t)>& read_chunk) {
  out.clear();
  if (address == 0) return false;
  char buffer[kPage];
  while (out.size() < PATH_MAX) {
    std::size_t size = kPage - (address % kPage);
    if (!read_chunk(address, buffer, size)) return false;
    const void* nul = std::memchr(buffer, '\0', size);
    if (nul != nullptr) {
      out.append(buffer, static_cast<const char*>(nul) - buffer);
      return true;
    }
    out.append(buffer, size);
    address += size;
  }
  return false;
}

bool read_tracee_string(pid_t pid, std::uint64_t address, std::string& out) {
  return read_string_by_pages(address, out,
                              [pid](std::uint64_t at, char* buffer, std::size_t size) {
                                return read_chunk(pid, at, buffer, size);
                              });
}

}  // namespace minify::sensor
