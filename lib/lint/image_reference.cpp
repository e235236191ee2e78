#include "lint/image_reference.h"

#include "lint/ascii_text.h"

namespace minify::lint {

std::string ImageReference::short_name() const {
  size_t slash = repository.find_last_of('/');
  return slash == std::string::npos ? repository : repository.substr(slash + 1);
}

ImageReference parse_image_reference(std::string_view reference) {
  ImageReference ref;
  if (size_t at = reference.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(reference.substr(at + 1));
    reference = reference.substr(0, at);
  }
  size_t last_slash = reference.find_last_of('/');
  size_t colon = reference.find_last_of(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    ref.tag = std::string(reference.substr(colon + 1));
    reference = reference.substr(0, colon);
  }
  // The first component is a registry when it looks like a host: a dot, a port, or localhost.
  if (size_t slash = reference.find('/'); slash != std::string_view::npos) {
    std::string_view first = reference.substr(0, slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost") {
      ref.registry = std::string(first);
      reference = reference.substr(slash + 1);
    }
  }
  if (ref.registry == "docker.io" || ref.registry == "index.docker.io" ||
      ref.registry == "registry-1.docker.io")
    ref.registry.clear();
  if (ref.registry.empty() && reference.starts_with("library/")) reference.remove_prefix(8);
  ref.repository = to_lower(reference);
  return ref;
}

}  // namespace minify::lint
