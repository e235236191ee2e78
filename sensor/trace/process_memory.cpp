#include "trace/process_memory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "trace/tracee_memory.h"

namespace minify::sensor {

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
  const int fd = file_of(tgid);
  if (fd < 0) return false;
  return read_string_by_pages(address, out, [fd](std::uint64_t at, char* buffer, std::size_t size) {
    return ::pread(fd, buffer, size, static_cast<off_t>(at)) == static_cast<ssize_t>(size);
  });
}

}  // namespace minify::sensor
