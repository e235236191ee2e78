#pragma once
// fanotify on the root mount: sees files opened by processes outside the ptrace tree (a
// `docker exec` probe, a process that escaped tracing). Needs CAP_SYS_ADMIN.

#include <string>
#include <string_view>

#include "trace/access_log.h"

namespace minify::sensor {

class FanotifyWatch {
 public:
  FanotifyWatch() = default;
  FanotifyWatch(const FanotifyWatch&) = delete;
  FanotifyWatch& operator=(const FanotifyWatch&) = delete;
  ~FanotifyWatch();

  // Starts watching the mount of "/". Returns "" or why it could not (the sensor then runs with
  // ptrace alone and says so in the record).
  std::string start();
  bool active() const { return fd_ >= 0; }

  // Records every queued event into `log`, except the sensor's own accesses, accesses by
  // processes outside the sensor's pid namespace (the engine, the host) and paths under
  // `ignored_dir`. Never blocks.
  void drain(AccessLog& log, std::string_view ignored_dir);

 private:
  int fd_ = -1;
  std::string path_;  // scratch
};

}  // namespace minify::sensor
