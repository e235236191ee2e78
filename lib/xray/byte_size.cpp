#include "xray/byte_size.h"

#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>

namespace minify::xray {

std::uint64_t parse_byte_size(std::string_view text) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("'" + std::string(text) + "' is not a byte size (" + why +
                                 "; e.g. 20MB, 1.5GiB, 512k)");
  };
  std::size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) throw bad("no number");
  double number = 0;
  try {
    std::size_t used = 0;
    number = std::stod(std::string(text.substr(0, digits)), &used);
    if (used != digits) throw bad("malformed number");
  } catch (const std::logic_error&) {
    throw bad("malformed number");
  }
  std::string unit;
  for (char c : text.substr(digits)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (unit.size() > 1 && unit.back() == 'b') unit.pop_back();
  double scale = 0;
  if (unit.empty() || unit == "b") scale = 1;
  static constexpr std::string_view kPrefixes = "kmgtp";
  if (unit.size() == 1 && kPrefixes.find(unit[0]) != std::string_view::npos) {
    scale = std::pow(1000.0, static_cast<double>(kPrefixes.find(unit[0]) + 1));
  }
  if (unit.size() == 2 && unit[1] == 'i' && kPrefixes.find(unit[0]) != std::string_view::npos) {
    scale = std::pow(1024.0, static_cast<double>(kPrefixes.find(unit[0]) + 1));
  }
  if (scale == 0) throw bad("unknown unit");
  double bytes = std::round(number * scale);
  if (bytes >= 1.8e19) throw bad("too large");
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace minify::xray
