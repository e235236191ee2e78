#pragma once
// Every failure of lib/image: a corrupt archive, an unknown format, a hostile entry name. The
// message is one line that says what and where, ready to print after "minify: ".

#include <stdexcept>

namespace minify::image {

class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace minify::image
