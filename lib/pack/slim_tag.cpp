#include "pack/slim_tag.h"

#include <algorithm>
#include <cctype>

namespace minify::pack {
namespace {

bool looks_like_id(std::string_view ref) {
  if (ref.starts_with("sha256:")) return true;
  return ref.size() >= 12 && ref.size() <= 64 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return std::isxdigit(c) && !std::isupper(c);
         });
}

// Splits "name[:tag][@digest]" where a ':' before the last '/' belongs to a registry's port.
void split(std::string_view ref, std::string_view& name, std::string_view& tag) {
  if (auto at = ref.find('@'); at != std::string_view::npos) ref = ref.substr(0, at);
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    name = ref.substr(0, colon);
    tag = ref.substr(colon + 1);
  } else {
    name = ref;
    tag = {};
  }
}

}  // namespace

std::string slim_tag_for(std::string_view reference) {
  if (looks_like_id(reference)) {
    auto hex = reference.substr(reference.starts_with("sha256:") ? 7 : 0, 12);
    return "minify-slim:" + std::string(hex);
  }
  std::string_view name, tag;
  split(reference, name, tag);
  return std::string(name) + ".slim:" + std::string(tag.empty() ? "latest" : tag);
}

std::string with_tag(std::string_view reference) {
  std::string_view name, tag;
  split(reference, name, tag);
  if (!tag.empty() || reference.find('@') != std::string_view::npos) return std::string(reference);
  return std::string(name) + ":latest";
}

}  // namespace minify::pack
