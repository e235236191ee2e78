#pragma once
// Reading a report's JSON without trusting its shape: a field that is missing or of another type
// reads as the fallback, so that a page is drawn from an older or partial report instead of
// failing. Shared by the report pages.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace minify::html {

// `json[key]` when `json` is an object holding `key`, else nullptr.
const nlohmann::json* field(const nlohmann::json& json, std::string_view key);

std::uint64_t number_field(const nlohmann::json& json, std::string_view key);
double real_field(const nlohmann::json& json, std::string_view key);
std::string text_field(const nlohmann::json& json, std::string_view key);
bool bool_field(const nlohmann::json& json, std::string_view key);
// A name field (lib/byte_names' JSON form) as printable text; "?" when missing or malformed.
std::string name_field(const nlohmann::json& json, std::string_view key);
// The field when it is an array, else an empty array.
const nlohmann::json& array_field(const nlohmann::json& json, std::string_view key);

}  // namespace minify::html
