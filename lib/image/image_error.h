#pragma once
// Every failure of lib/image: a corrupt archive, an unknown format, a hostile entry name. The
// message is one line that says what and where, ready to print after "minify: ": the names it
// quotes come from the image, so its control characters are escaped (byte_names/printable_name.h).

#include <stdexcept>
#include <string>

#include "byte_names/printable_name.h"

namespace minify::image {

class ImageError : public std::runtime_error {
 public:
  explicit ImageError(const std::string& what) : std::runtime_error(byte_names::printable(what)) {}
};

}  // namespace minify::image
