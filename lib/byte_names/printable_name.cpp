#include "byte_names/printable_name.h"

#include "byte_names/utf8.h"

namespace minify::byte_names {

void append_escaped_byte(std::string& out, unsigned char c) {
  constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[c >> 4];
  out += kDigits[c & 0xF];
}

std::string printable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[at]);
    const std::size_t n = utf8_sequence_length(bytes, at);
    // U+0080..U+009F (C1 controls) are 0xC2 0x80..0x9F in UTF-8: terminals act on them too.
    const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[at + 1]) <= 0x9F;
    if (n == 0 || c < 0x20 || c == 0x7F || c1) {
      for (std::size_t i = 0; i < (n == 0 ? 1 : n); ++i)
        append_escaped_byte(out, static_cast<unsigned char>(bytes[at + i]));
      at += n == 0 ? 1 : n;
    } else {
      out.append(bytes.substr(at, n));
      at += n;
    }
  }
  return out;
}

}  // namespace minify::byte_names
