#pragma once
// How lib/image receives bytes without knowing where they come from (a file, a pipe fed by the
// engine's export, an entry of an outer archive): the reader fills `buffer` with up to `capacity`
// bytes and returns how many it wrote, 0 at the end. It throws to report a failure; lib/image stops
// and lets the exception through unchanged.

#include <cstddef>
#include <functional>

namespace minify::image {

using ByteReader = std::function<std::size_t(char* buffer, std::size_t capacity)>;

// Reads from a file descriptor (a pipe, a socket or a file) until EOF. Does not close it.
ByteReader fd_reader(int fd);

}  // namespace minify::image
