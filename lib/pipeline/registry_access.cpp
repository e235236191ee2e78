#include "pipeline/registry_access.h"

#include "reference/image_reference.h"

namespace minify::pipeline {
namespace {

// The per-layer words that end a layer's transfer (Docker's and Podman's).
bool layer_done(std::string_view status) {
  return status == "Pull complete" || status == "Already exists" || status == "Pushed" ||
         status == "Layer already exists";
}

}  // namespace

RegistryAccess RegistryAccess::for_reference(std::string_view reference) {
  RegistryAccess access;
  access.registry = reference::split_image_reference(reference).domain;
  if (auto config = engine::docker_config_file())
    access.credentials = engine::registry_credentials(access.registry, *config);
  access.auth_header = engine::registry_auth_header(access.registry, access.credentials);
  return access;
}

engine::EngineError RegistryAccess::explain(const engine::EngineError& error, std::string_view what,
                                            std::string_view reference) const {
  std::string said = error.engine_message().empty() ? error.what() : error.engine_message();
  std::string whose = credentials ? "credentials from " + credentials->source : "no credentials";
  return engine::EngineError(error.kind(),
                             std::string(what) + " '" + std::string(reference) + "' (registry " +
                                 registry + ", " + whose + "): " + said,
                             error.http_status(), error.engine_message());
}

RegistryProgressView::RegistryProgressView(progress::ProgressReporter& progress, std::string phase)
    : progress_(progress), name_(phase), phase_(progress.begin(std::move(phase))) {}

void RegistryProgressView::operator()(const engine::RegistryProgress& message) {
  if (message.id.empty()) return;
  Layer& layer = layers_[message.id];
  if (message.total > 0 && layer.total == 0) {
    layer.total = message.total;
    total_ += message.total;
    phase_.set_total(total_);
  }
  if (message.current > layer.current) {
    phase_.advance(message.current - layer.current);
    layer.current = message.current;
  }
  if (layer_done(message.status)) progress_.note(name_ + ": " + message.id + " " + message.status);
}

}  // namespace minify::pipeline
