#include "html/html_escape.h"

#include <nlohmann/json.hpp>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"
#include "byte_names/utf8.h"

namespace minify::html {
namespace {

void append_hex(std::string& out, unsigned char c) {
  constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[c >> 4];
  out += kDigits[c & 0xF];
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t n = byte_names::utf8_sequence_length(text, at);
    if (n == 0) {
      append_hex(out, c);
      ++at;
      continue;
    }
    if (n > 1) {
      // C1 controls (U+0080..U+009F) are shown, as printable() shows them.
      if (c == 0xC2 && static_cast<unsigned char>(text[at + 1]) <= 0x9F) {
        append_hex(out, c);
        append_hex(out, static_cast<unsigned char>(text[at + 1]));
      } else {
        out.append(text.substr(at, n));
      }
      at += n;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
      case '\t':
        out += static_cast<char>(c);
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          append_hex(out, c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++at;
  }
  return out;
}

std::string escape_name(std::string_view name) {
  return escape(byte_names::printable(name));
}

std::string name_text(const nlohmann::json& name) {
  try {
    return byte_names::printable(byte_names::name_from_json(name));
  } catch (const byte_names::NameJsonError&) {
    return "?";
  }
}

}  // namespace minify::html
