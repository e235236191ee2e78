#include "pipeline/image_pull.h"

#include "pipeline/registry_access.h"
#include "reference/image_reference.h"

namespace minify::pipeline {
namespace {

// What names an image by id, or nothing the engine takes: no registry to pull it from.
bool pullable(const std::string& image) {
  if (image.starts_with("sha256:")) return false;
  if (image.size() >= 12 && image.size() <= 64 &&
      image.find_first_not_of("0123456789abcdef") == std::string::npos)
    return false;
  try {
    reference::parse_image_reference(image);
    return true;
  } catch (const reference::ReferenceError&) {
    return false;
  }
}

void pull(const engine::Engine& engine, const std::string& image,
          progress::ProgressReporter& progress, engine::Cancel cancel) {
  RegistryAccess access = RegistryAccess::for_reference(image);
  RegistryProgressView view(progress, "pull " + image);
  try {
    engine.pull_image(
        image, access.auth_header, [&view](const engine::RegistryProgress& p) { view(p); }, cancel);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kCancelled) throw;
    throw access.explain(e, "pull", image);
  }
  view.finish();
}

}  // namespace

bool pull_per_policy(const engine::Engine& engine, const std::string& image, PullPolicy policy,
                     progress::ProgressReporter& progress, engine::Cancel cancel,
                     const std::function<void()>& look) {
  if (policy == PullPolicy::kNever || !pullable(image)) {
    look();
    return false;
  }
  if (policy == PullPolicy::kAlways) {
    pull(engine, image, progress, cancel);
    look();
    return true;
  }
  try {
    look();
    return false;
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::kNotFound) throw;
  }
  // Both facts in one line: the image is not here, and why it could not be fetched.
  try {
    pull(engine, image, progress, cancel);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kCancelled) throw;
    throw engine::EngineError(e.kind(),
                              "image '" + image + "' not found in the engine; " + e.what(),
                              e.http_status(), e.engine_message());
  }
  look();
  return true;
}

}  // namespace minify::pipeline
