#include "image/byte_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "image/image_error.h"

namespace minify::image {

ByteReader fd_reader(int fd) {
  return [fd](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      ssize_t n = ::read(fd, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR)
        throw ImageError(std::string("reading the image: ") + std::strerror(errno));
    }
  };
}

}  // namespace minify::image
