#include "byte_names/name_json.h"

#include "byte_names/utf8.h"

namespace minify::byte_names {
namespace {

constexpr char kHexKey[] = "hex";
constexpr char kDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw NameJsonError("file name: odd number of hex digits");
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0)
      throw NameJsonError("file name: '" + hex.substr(i, 2) + "' is not lowercase hex");
    bytes += static_cast<char>(high * 16 + low);
  }
  return bytes;
}

}  // namespace

nlohmann::json name_to_json(std::string_view name) {
  if (is_utf8(name)) return std::string(name);
  std::string hex;
  hex.reserve(name.size() * 2);
  for (unsigned char c : name) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 0xF];
  }
  return {{kHexKey, hex}};
}

std::string name_from_json(const nlohmann::json& json) {
  if (json.is_string()) return json.get<std::string>();
  if (json.is_object() && json.size() == 1 && json.contains(kHexKey) &&
      json.at(kHexKey).is_string()) {
    // A name in hex that is UTF-8 after all would have been written as a string; it is read
    // anyway, as its meaning is clear.
    return from_hex(json.at(kHexKey).get<std::string>());
  }
  throw NameJsonError(std::string("file name: expected a string or {\"hex\": ...}, found ") +
                      json.type_name());
}

nlohmann::json names_to_json(const std::vector<std::string>& names) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& name : names) out.push_back(name_to_json(name));
  return out;
}

std::vector<std::string> names_from_json(const nlohmann::json& json) {
  if (!json.is_array())
    throw NameJsonError(std::string("file names: expected an array, found ") + json.type_name());
  std::vector<std::string> names;
  names.reserve(json.size());
  for (const auto& item : json) names.push_back(name_from_json(item));
  return names;
}

}  // namespace minify::byte_names
