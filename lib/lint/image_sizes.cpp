#include "lint/image_sizes.h"

#include <array>

namespace minify::lint {
namespace {

bool slim_tag(std::string_view tag) {
  return tag.find("slim") != std::string_view::npos || tag.find("alpine") != std::string_view::npos;
}

struct Known {
  std::string_view repository;
  ImageSize full;
  ImageSize slim;
  std::string_view use;
};

constexpr std::array<Known, 5> kRuntimes = {{
    {"python", {"python:3.x", 1020}, {"python:3.x-slim", 130}, "python:<version>-slim"},
    {"node", {"node:2x", 1100}, {"node:2x-slim", 200}, "node:<version>-slim (or -alpine)"},
    {"ruby", {"ruby:3.x", 1000}, {"ruby:3.x-slim", 220}, "ruby:<version>-slim"},
    {"perl", {"perl:5.x", 890}, {"perl:5.x-slim", 150}, "perl:<version>-slim"},
    {"debian", {"debian:12", 117}, {"debian:12-slim", 75}, "debian:<release>-slim"},
}};

constexpr std::array<std::pair<std::string_view, ImageSize>, 8> kOthers = {{
    {"alpine", {"alpine:3.x", 8}},
    {"busybox", {"busybox", 5}},
    {"ubuntu", {"ubuntu:2x.04", 78}},
    {"golang", {"golang:1.2x", 800}},
    {"rust", {"rust:1.x", 1400}},
    {"gcc", {"gcc:1x", 1300}},
    {"buildpack-deps", {"buildpack-deps:bookworm", 830}},
    {"maven", {"maven:3-eclipse-temurin", 500}},
}};

}  // namespace

std::optional<ImageSize> approximate_image_size(const ImageReference& image) {
  if (!image.registry.empty()) return std::nullopt;
  for (const auto& k : kRuntimes)
    if (k.repository == image.repository) return slim_tag(image.tag) ? k.slim : k.full;
  if (slim_tag(image.tag) && image.repository != "alpine") return std::nullopt;
  for (const auto& [repository, size] : kOthers)
    if (repository == image.repository) return size;
  return std::nullopt;
}

std::optional<SlimVariant> slim_variant(const ImageReference& image) {
  if (!image.registry.empty() || slim_tag(image.tag)) return std::nullopt;
  for (const auto& k : kRuntimes)
    if (k.repository == image.repository) return SlimVariant{k.full, k.slim, k.use};
  return std::nullopt;
}

}  // namespace minify::lint
