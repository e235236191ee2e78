#pragma once
// A file name in JSON, losslessly (README.md): a JSON string when the name's bytes are valid
// UTF-8, else {"hex": "<its bytes in lowercase hex>"}. Every JSON minify writes or reads that
// holds file names (the record, the pack summary, the build and xray reports) goes through here.

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace minify::byte_names {

// A JSON value that is neither form; what() says what was found instead.
struct NameJsonError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

nlohmann::json name_to_json(std::string_view name);
// The bytes of a name written by name_to_json; throws NameJsonError for any other value.
std::string name_from_json(const nlohmann::json& json);

nlohmann::json names_to_json(const std::vector<std::string>& names);
// Throws NameJsonError for a value that is not an array of names.
std::vector<std::string> names_from_json(const nlohmann::json& json);

}  // namespace minify::byte_names
