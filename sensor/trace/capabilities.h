#pragma once
// Taking capabilities out of the calling process (one thread: the sets are per thread), in the
// order the kernel allows: the bounding set while CAP_SETPCAP is still held, then the ambient,
// inheritable, permitted and effective sets. Async-signal-safe (raw syscalls, no allocation), so
// that the app's process may call it between fork and exec.

#include <span>

namespace minify::sensor {

// Drops every capability of `caps` (CAP_* numbers) from all five sets. A capability not in the
// bounding set is skipped there (nothing to drop; no CAP_SETPCAP needed). Returns nullptr, or the
// step that failed ("PR_CAPBSET_DROP", "PR_CAP_AMBIENT_LOWER", "capget", "capset") with errno set.
const char* drop_capabilities(std::span<const int> caps);

}  // namespace minify::sensor
