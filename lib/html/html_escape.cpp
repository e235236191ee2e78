#include "html/html_escape.h"

#include <nlohmann/json.hpp>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"
#include "byte_names/utf8.h"

namespace minify::html {
namespace {

// Whether a byte needs more than copying: markup, a control character, or the start of anything
// that is not ASCII (checked as UTF-8 on the slow path).
bool special(unsigned char c) {
  return c < 0x20 || c >= 0x7F || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

void append(std::string& out, std::string_view text, bool keep_line_breaks) {
  std::size_t at = 0;
  while (at < text.size()) {
    // Copy the run of plain bytes at once: most names and messages are nothing else.
    std::size_t plain = at;
    while (plain < text.size() && !special(static_cast<unsigned char>(text[plain]))) ++plain;
    out.append(text.substr(at, plain - at));
    at = plain;
    if (at == text.size()) break;
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t n = byte_names::utf8_sequence_length(text, at);
    if (n == 0) {
      byte_names::append_escaped_byte(out, c);
      ++at;
      continue;
    }
    if (n > 1) {
      // C1 controls (U+0080..U+009F) are shown, as printable() shows them.
      if (c == 0xC2 && static_cast<unsigned char>(text[at + 1]) <= 0x9F) {
        byte_names::append_escaped_byte(out, c);
        byte_names::append_escaped_byte(out, static_cast<unsigned char>(text[at + 1]));
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
        if (keep_line_breaks) {
          out += static_cast<char>(c);
        } else {
          byte_names::append_escaped_byte(out, c);
        }
        break;
      default:
        byte_names::append_escaped_byte(out, c);  // the other controls and DEL
    }
    ++at;
  }
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append(out, text, true);
  return out;
}

void append_escaped(std::string& out, std::string_view text) {
  append(out, text, true);
}

std::string escape_name(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 16);
  append(out, name, false);
  return out;
}

void append_escaped_name(std::string& out, std::string_view name) {
  append(out, name, false);
}

std::string name_text(const nlohmann::json& name) {
  if (name.is_string()) return byte_names::printable(name.get_ref<const std::string&>());
  try {
    return byte_names::printable(byte_names::name_from_json(name));
  } catch (const byte_names::NameJsonError&) {
    return "?";
  }
}

void append_json_name(std::string& out, const nlohmann::json& name) {
  if (name.is_string()) {
    append(out, name.get_ref<const std::string&>(), false);
    return;
  }
  try {
    append(out, byte_names::name_from_json(name), false);
  } catch (const byte_names::NameJsonError&) {
    out += '?';
  }
}

}  // namespace minify::html
