#include "lint/image_reference.h"

#include "reference/image_reference.h"

namespace minify::lint {

std::string ImageReference::short_name() const {
  size_t slash = repository.find_last_of('/');
  return slash == std::string::npos ? repository : repository.substr(slash + 1);
}

ImageReference parse_image_reference(std::string_view reference) {
  // The split lenient: a FROM line may hold what only a later build argument completes.
  reference::ImageReference parsed = reference::split_image_reference(reference);
  ImageReference ref;
  if (!parsed.on_docker_hub()) ref.registry = parsed.domain;
  ref.repository = parsed.familiar_path();
  ref.tag = std::move(parsed.tag);
  ref.digest = std::move(parsed.digest);
  return ref;
}

}  // namespace minify::lint
