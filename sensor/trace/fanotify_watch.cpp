#include "trace/fanotify_watch.h"

#include <fcntl.h>
#include <sys/fanotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "trace/proc_files.h"

namespace minify::sensor {

FanotifyWatch::~FanotifyWatch() {
  if (fd_ >= 0) ::close(fd_);
}

std::string FanotifyWatch::start() {
  // The queue is unbounded so that a burst of opens between two drains loses nothing.
  fd_ = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK | FAN_UNLIMITED_QUEUE,
                      O_RDONLY | O_LARGEFILE | O_CLOEXEC);
  if (fd_ < 0) {
    int error = errno;
    if (error == EPERM) return "fanotify unavailable: no CAP_SYS_ADMIN; recorded by ptrace alone";
    return std::string("fanotify unavailable: fanotify_init: ") + std::strerror(error) +
           "; recorded by ptrace alone";
  }
  // FAN_ACCESS is left out on purpose: it fires on every read(), and a file read was opened first.
  // FAN_OPEN_EXEC (Linux 5.0) and FAN_ONDIR are added when the kernel takes them.
  const std::uint64_t masks[] = {FAN_OPEN | FAN_OPEN_EXEC | FAN_ONDIR, FAN_OPEN | FAN_OPEN_EXEC,
                                 FAN_OPEN};
  int error = 0;
  for (auto mask : masks) {
    if (fanotify_mark(fd_, FAN_MARK_ADD | FAN_MARK_MOUNT, mask, AT_FDCWD, "/") == 0) return "";
    error = errno;
    if (error != EINVAL) break;
  }
  ::close(fd_);
  fd_ = -1;
  return std::string("fanotify unavailable: fanotify_mark on /: ") + std::strerror(error) +
         "; recorded by ptrace alone";
}

void FanotifyWatch::drain(AccessLog& log, std::string_view ignored_dir) {
  if (fd_ < 0) return;
  const pid_t self = getpid();
  alignas(fanotify_event_metadata) char buffer[64 * 1024];
  char fd_link[64];
  while (true) {
    ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EAGAIN: the queue is empty
    auto* event = reinterpret_cast<fanotify_event_metadata*>(buffer);
    for (; FAN_EVENT_OK(event, n); event = FAN_EVENT_NEXT(event, n)) {
      if (event->vers != FANOTIFY_METADATA_VERSION) return;
      if (event->fd < 0) continue;  // FAN_NOFD: queue overflow (cannot happen, unbounded)
      // pid 0: a process outside our pid namespace (the engine reading the record, the host).
      if (event->pid != self && event->pid != 0) {
        std::snprintf(fd_link, sizeof fd_link, "/proc/self/fd/%d", event->fd);
        if (read_link(fd_link, path_) && !path_.empty() && path_.front() == '/') {
          bool ignored = path_.size() >= ignored_dir.size() &&
                         path_.compare(0, ignored_dir.size(), ignored_dir) == 0 &&
                         (path_.size() == ignored_dir.size() || path_[ignored_dir.size()] == '/');
          if (!ignored) {
            std::uint32_t ops = record::kRead;
            if (event->mask & FAN_OPEN_EXEC) ops |= record::kExec;
            log.add_path(path_, ops, record::kFanotify);
          }
        }
      }
      ::close(event->fd);
    }
  }
}

}  // namespace minify::sensor
