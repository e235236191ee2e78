#pragma once
// The sensor's end of the app's notifying seccomp filter (Interception::kNotify): the listener fd
// the app's process creates as it installs the filter, taken from it with pidfd_getfd, then one
// notification at a time received, decoded by the tracer and let through unchanged
// (SECCOMP_USER_NOTIF_FLAG_CONTINUE). The tracee waits in the kernel meanwhile, as at a ptrace
// stop, but without the ptrace stop's signal and wait machinery: about half the cost here.

#include <sys/types.h>

#include <cstddef>

struct seccomp_notif;
struct seccomp_notif_resp;

namespace minify::sensor {

class SeccompListener {
 public:
  SeccompListener() = default;
  ~SeccompListener();
  SeccompListener(const SeccompListener&) = delete;
  SeccompListener& operator=(const SeccompListener&) = delete;

  // Whether this kernel and container let the sensor use notifications: pidfd_getfd (Linux 5.6,
  // which implies SECCOMP_USER_NOTIF_FLAG_CONTINUE of 5.5) is present and permitted.
  static bool supported();

  // Takes the listener that process `pid` holds as fd `number`; false when that fd is not one.
  // Asks for synchronous wake-ups where the kernel has them (Linux 6.6).
  bool take_from(pid_t pid, int number);
  bool active() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // The notification pending on fd() (poll said POLLIN) into `out`; false when there was none
  // after all (the tracee was interrupted or killed meanwhile, or a signal came first).
  bool receive(const seccomp_notif*& out);
  // Lets the syscall of the last received notification run as the app made it.
  void let_through();
  // Stops listening (the app's tree is gone): closes the fd.
  void close();

 private:
  int fd_ = -1;
  seccomp_notif* request_ = nullptr;
  seccomp_notif_resp* response_ = nullptr;
  std::size_t request_size_ = 0;
  std::size_t response_size_ = 0;
};

}  // namespace minify::sensor
