#pragma once
// An image reference as FROM names it: [registry/]repository[:tag][@digest], split by the one
// parser of references (reference/image_reference.h) and seen as the rules want it: Docker Hub's
// official images are reduced to their short name ("docker.io/library/python" -> "python").

#include <string>
#include <string_view>

namespace minify::lint {

struct ImageReference {
  std::string registry;    // empty for Docker Hub
  std::string repository;  // "python", "distroless/static-debian12"
  std::string tag;         // empty when none is given
  std::string digest;      // "sha256:...", empty when none is given

  bool is_scratch() const { return registry.empty() && repository == "scratch"; }
  // The last path component: "static-debian12" for "distroless/static-debian12".
  std::string short_name() const;
};

ImageReference parse_image_reference(std::string_view reference);

}  // namespace minify::lint
