#pragma once
// The slim image's config: what the original says about how to run it, over the one new layer.

#include <nlohmann/json.hpp>
#include <string>

namespace minify::pack {

// Labels minify adds so that a slim image names where it came from.
inline constexpr const char* kSourceImageLabel = "minify.source.image";
inline constexpr const char* kSourceDigestLabel = "minify.source.digest";

struct SourceImage {
  std::string reference;    // as the user named it: "python-web:latest"
  std::string id;           // "sha256:..." image id (the digest of its config)
  std::string repo_digest;  // "repo@sha256:..." when it has one (pulled or pushed), else empty
};

// `inspect` is the engine's GET /images/{name}/json answer for the original. Copies Entrypoint,
// Cmd, Env, WorkingDir, User, ExposedPorts, Volumes, Labels, StopSignal, Healthcheck (and
// Architecture, Os, Variant, Created: the same original gives the same config, hence the same
// image id), adds the source labels, and sets rootfs to the one `diff_id`. Keys are sorted.
nlohmann::json slim_image_config(const nlohmann::json& inspect, const std::string& diff_id,
                                 const SourceImage& source);

}  // namespace minify::pack
