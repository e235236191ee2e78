#pragma once
// Approximate sizes of common base images, for the byte estimates of the base-image rules.
// Uncompressed amd64 sizes as `docker images` shows them for recent tags (2024); they move with
// every release, so each estimate carries the numbers it used.

#include <cstdint>
#include <optional>
#include <string_view>

#include "lint/image_reference.h"

namespace minify::lint {

struct ImageSize {
  std::string_view label;   // "python:3.x", "python:3.x-slim"
  std::uint64_t megabytes;  // approximate, decimal MB
};

// The image's own approximate size, when it is one we know.
std::optional<ImageSize> approximate_image_size(const ImageReference& image);

// For a full distro or language runtime image that has a slim variant: the slim variant's size
// and how to name it. Nothing for images that are already slim or that we do not know.
struct SlimVariant {
  ImageSize full;
  ImageSize slim;
  std::string_view use;  // "python:<version>-slim"
};
std::optional<SlimVariant> slim_variant(const ImageReference& image);

}  // namespace minify::lint
