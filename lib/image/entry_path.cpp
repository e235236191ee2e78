#include "image/entry_path.h"

#include <vector>

#include "image/image_error.h"

namespace minify::image {

std::string normalise_entry_path(std::string_view name) {
  if (name.size() > kMaxEntryPathBytes) {
    throw ImageError("entry '" + std::string(name.substr(0, 64)) + "...' is " +
                     std::to_string(name.size()) + " bytes long, more than a path can be (" +
                     std::to_string(kMaxEntryPathBytes) + ")");
  }
  if (name.starts_with('/')) {
    throw ImageError("entry '" + std::string(name) + "' is an absolute name (escapes the root)");
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) {
        throw ImageError("entry '" + std::string(name) + "' climbs above the root with '..'");
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string_view parent_path(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace minify::image
