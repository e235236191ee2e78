#include "byte_names/utf8.h"

namespace minify::byte_names {
namespace {

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

}  // namespace

// Hand-written rather than taken from a library: the check is the table of RFC 3629 section 4,
// and the static sensor links this (glib or ICU would bring a large runtime into every image).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at) {
  auto byte = [&](std::size_t i) -> unsigned char {
    return at + i < bytes.size() ? static_cast<unsigned char>(bytes[at + i]) : 0;
  };
  const unsigned char c = byte(0);
  if (at >= bytes.size()) return 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(byte(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char low = c == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    const unsigned char high = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    return byte(1) >= low && byte(1) <= high && continuation(byte(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char low = c == 0xF0 ? 0x90 : 0x80;   // no overlong forms
    const unsigned char high = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return byte(1) >= low && byte(1) <= high && continuation(byte(2)) && continuation(byte(3)) ? 4
                                                                                               : 0;
  }
  return 0;
}

bool is_utf8(std::string_view bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t n = utf8_sequence_length(bytes, at);
    if (n == 0) return false;
    at += n;
  }
  return true;
}

}  // namespace minify::byte_names
