#include "trace/seccomp_listener.h"

#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "trace/proc_files.h"

// Linux 6.6; Debian 12's kernel headers predate it.
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

namespace minify::sensor {
namespace {

constexpr const char* kListenerLink = "anon_inode:seccomp notify";

// Debian 12's <sys/pidfd.h> declares these without C linkage: the syscalls themselves.
int pidfd_open(pid_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}
int pidfd_getfd(int pidfd, int target) {
  return static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, target, 0));
}

}  // namespace

SeccompListener::~SeccompListener() {
  close();
  if (request_ != nullptr) seccomp_notify_free(request_, response_);
}

bool SeccompListener::supported() {
  if (seccomp_api_get() < 5) return false;  // libseccomp's level for SCMP_ACT_NOTIFY
  int self = pidfd_open(getpid());
  if (self < 0) return false;
  int copy = pidfd_getfd(self, self);
  ::close(self);
  if (copy < 0) return false;
  ::close(copy);
  return true;
}

bool SeccompListener::take_from(pid_t pid, int number) {
  if (fd_ >= 0) return true;
  char fd_link[64];
  std::snprintf(fd_link, sizeof fd_link, "/proc/%d/fd/%d", pid, number);
  std::string link;
  if (!read_link(fd_link, link) || link != kListenerLink) return false;
  int pidfd = pidfd_open(pid);
  if (pidfd < 0) return false;
  fd_ = pidfd_getfd(pidfd, number);
  ::close(pidfd);
  if (fd_ < 0) return false;
  if (request_ == nullptr) {
    // libseccomp allocates the kernel's sizes of the two structs, which may outgrow the headers'.
    seccomp_notif_sizes sizes{};
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0 ||
        seccomp_notify_alloc(&request_, &response_) != 0) {
      close();
      return false;
    }
    request_size_ = std::max<std::size_t>(sizes.seccomp_notif, sizeof *request_);
    response_size_ = std::max<std::size_t>(sizes.seccomp_notif_resp, sizeof *response_);
  }
  // The tracee is woken on this CPU and this process on the tracee's: the two take turns like
  // one thread instead of waking each other across CPUs (half the round trip in a VM).
  (void)ioctl(fd_, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
  return true;
}

bool SeccompListener::receive(const seccomp_notif*& out) {
  std::memset(request_, 0, request_size_);  // the kernel refuses a request buffer not zeroed
  if (seccomp_notify_receive(fd_, request_) != 0) return false;
  out = request_;
  return true;
}

void SeccompListener::let_through() {
  std::memset(response_, 0, response_size_);
  response_->id = request_->id;
  response_->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  // ENOENT: the tracee was killed or interrupted meanwhile; nothing waits for this answer.
  (void)seccomp_notify_respond(fd_, response_);
}

void SeccompListener::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace minify::sensor
