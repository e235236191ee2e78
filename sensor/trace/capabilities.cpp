#include "trace/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace minify::sensor {

const char* drop_capabilities(std::span<const int> caps) {
  for (int cap : caps) {
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
      return "PR_CAPBSET_DROP";
    // EINVAL: a kernel without ambient capabilities, which then has none to lower.
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) != 0 && errno != EINVAL)
      return "PR_CAP_AMBIENT_LOWER";
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &header, data) != 0) return "capget";
  for (int cap : caps) {
    const auto bit = 1u << (cap % 32);
    auto& word = data[cap / 32];
    word.effective &= ~bit;
    word.permitted &= ~bit;
    word.inheritable &= ~bit;
  }
  if (syscall(SYS_capset, &header, data) != 0) return "capset";
  return nullptr;
}

}  // namespace minify::sensor
