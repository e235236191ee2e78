#include "html/json_fields.h"

#include <algorithm>

#include "html/html_escape.h"

namespace minify::html {

const nlohmann::json* field(const nlohmann::json& json, std::string_view key) {
  if (!json.is_object()) return nullptr;
  auto it = json.find(key);
  return it == json.end() ? nullptr : &*it;
}

std::uint64_t number_field(const nlohmann::json& json, std::string_view key) {
  const nlohmann::json* value = field(json, key);
  if (value == nullptr) return 0;
  if (value->is_number_unsigned()) return value->get<std::uint64_t>();
  if (value->is_number_integer())
    return static_cast<std::uint64_t>(std::max<std::int64_t>(value->get<std::int64_t>(), 0));
  if (value->is_number_float())
    return static_cast<std::uint64_t>(std::max(value->get<double>(), 0.0));
  return 0;
}

double real_field(const nlohmann::json& json, std::string_view key) {
  const nlohmann::json* value = field(json, key);
  return value != nullptr && value->is_number() ? value->get<double>() : 0;
}

std::string text_field(const nlohmann::json& json, std::string_view key) {
  const nlohmann::json* value = field(json, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool bool_field(const nlohmann::json& json, std::string_view key) {
  const nlohmann::json* value = field(json, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::string name_field(const nlohmann::json& json, std::string_view key) {
  const nlohmann::json* value = field(json, key);
  return value == nullptr ? "?" : name_text(*value);
}

const nlohmann::json& array_field(const nlohmann::json& json, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* value = field(json, key);
  return value != nullptr && value->is_array() ? *value : kEmpty;
}

}  // namespace minify::html
