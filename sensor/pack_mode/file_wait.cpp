#include "pack_mode/file_wait.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace minify::sensor {
namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void wait_for_file(const std::string& path) {
  if (exists(path)) return;
  int fd = ::inotify_init1(IN_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::string("inotify: ") + std::strerror(errno));
  const std::string dir = directory_of(path);
  // Watched before the second look, so a file made in between is not missed.
  if (::inotify_add_watch(fd, dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot watch " + dir + " for " + path + ": " + why);
  }
  alignas(inotify_event) char events[4096];
  while (!exists(path)) {
    // Which file an event names does not matter: the path is looked for after each one.
    if (::read(fd, events, sizeof events) < 0 && errno != EINTR) {
      std::string why = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error("waiting for " + path + ": " + why);
    }
  }
  ::close(fd);
}

}  // namespace minify::sensor
