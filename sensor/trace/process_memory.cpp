#include "trace/process_memory.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace minify::sensor {
namespace {

constexpr std::size_t kPage = 4096;

}  // namespace

ProcessMemory::~ProcessMemory() {
  for (const auto& [tgid, fd] : files_) ::close(fd);
}

int ProcessMemory::file_of(pid_t tgid) {
  auto it = files_.find(tgid);
  if (it != files_.end()) return it->second;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/mem", tgid);
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) files_.emplace(tgid, fd);
  return fd;
}

void ProcessMemory::forget(pid_t tgid) {
  auto it = files_.find(tgid);
  if (it == files_.end()) return;
  ::close(it->second);
  files_.erase(it);
}

bool ProcessMemory::read_string(pid_t tgid, std::uint64_t address, std::string& out) {
  out.clear();
  if (address == 0) return false;
  const int fd = file_of(tgid);
  if (fd < 0) return false;
  char buffer[kPage];
  // Page by page: a string near the end of a mapping must not make the read fail.
  while (out.size() < PATH_MAX) {
    const std::size_t size = kPage - (address % kPage);
    if (::pread(fd, buffer, size, static_cast<off_t>(address)) != static_cast<ssize_t>(size))
      return false;
    if (const void* nul = std::memchr(buffer, '\0', size); nul != nullptr) {
      out.append(buffer, static_cast<const char*>(nul) - buffer);
      return true;
    }
    out.append(buffer, size);
    address += size;
  }
  return false;
}

}  // namespace minify::sensor
