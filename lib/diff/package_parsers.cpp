#include "diff/package_parsers.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace minify::diff {

namespace {

// Calls `field(name, value)` for each "Name: value" line of `text` (RFC 822 style, as dpkg, apk
// and Python's METADATA write them), and `end()` at each blank line and at the end. Continuation
// lines (starting with a space or a tab) are skipped: no field read here spans lines.
template <typename Field, typename End>
void for_each_field(std::string_view text, Field&& field, End&& end) {
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) {
      if (!end()) return;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    field(line.substr(0, colon), value);
  }
  end();
}

std::uint64_t number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() ? value : 0;
}

}  // namespace

std::vector<Package> parse_dpkg_status(std::string_view text) {
  std::vector<Package> packages;
  Package current;
  bool installed = false, has_status = false;
  for_each_field(
      text,
      [&](std::string_view name, std::string_view value) {
        if (name == "Package") current.name = value;
        if (name == "Version") current.version = value;
        if (name == "Status") {
          has_status = true;
          installed = value.ends_with(" installed");
        }
        if (name == "Installed-Size") {
          std::uint64_t kib = number(value);
          current.bytes = kib <= UINT64_MAX / 1024 ? kib * 1024 : 0;
        }
      },
      [&] {
        // status.d files (distroless) carry no Status: a package listed there is installed.
        if (!current.name.empty() && (installed || !has_status))
          packages.push_back(std::move(current));
        current = {};
        installed = has_status = false;
        return true;
      });
  return packages;
}

std::vector<Package> parse_apk_installed(std::string_view text) {
  std::vector<Package> packages;
  Package current;
  for_each_field(
      text,
      [&](std::string_view name, std::string_view value) {
        if (name == "P") current.name = value;
        if (name == "V") current.version = value;
        if (name == "I") current.bytes = number(value);
      },
      [&] {
        if (!current.name.empty()) packages.push_back(std::move(current));
        current = {};
        return true;
      });
  return packages;
}

std::optional<Package> parse_python_metadata(std::string_view text) {
  Package package;
  for_each_field(
      text,
      [&](std::string_view name, std::string_view value) {
        if (name == "Name" && package.name.empty()) package.name = value;
        if (name == "Version" && package.version.empty()) package.version = value;
      },
      [] { return false; });  // the headers end at the first blank line; the rest is prose
  if (package.name.empty()) return std::nullopt;
  return package;
}

std::optional<Package> parse_npm_package_json(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto name = json.find("name");
  if (name == json.end() || !name->is_string() || name->get<std::string>().empty())
    return std::nullopt;
  Package package{name->get<std::string>(), "", 0};
  if (auto version = json.find("version"); version != json.end() && version->is_string())
    package.version = version->get<std::string>();
  return package;
}

}  // namespace minify::diff
