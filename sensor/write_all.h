#pragma once
// Writing every byte to a file descriptor, whatever the kernel takes at a time (a pipe takes what
// fits; a signal may interrupt): the record, the pack summary and the keep-set tar all go out so.

#include <string_view>

namespace minify::sensor {

// Writes all of `bytes` to `fd`, again after a short write or EINTR. Returns 0, or the errno of
// the write that failed (the caller names what it was writing).
int write_all(int fd, std::string_view bytes);

}  // namespace minify::sensor
