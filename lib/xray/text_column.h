#pragma once
// A text an image chose (a path, an instruction), as the text reports print it in a column: xray's
// and diff's alike.

#include <cstddef>
#include <string>
#include <string_view>

namespace minify::xray {

// byte_names::printable(raw) (the image may have put any bytes there), cut to `width` bytes with
// "..." at its end when longer; `width` is at least 3.
std::string fit_column(std::string_view raw, std::size_t width);

}  // namespace minify::xray
