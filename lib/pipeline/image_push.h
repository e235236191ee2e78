#pragma once
// --push: the slim image pushed to the registry its tag names, with the credentials of the docker
// config (registry_access.h) and its progress on stderr.

#include <string>

#include "engine/engine.h"
#include "progress/progress_reporter.h"

namespace minify::pipeline {

struct PushOutcome {
  std::string reference;  // as tagged: "127.0.0.1:5000/app:1-slim"
  std::string registry;   // "127.0.0.1:5000"
  std::string digest;     // the manifest's digest as the registry gave it; "" when not said
};

// Throws UsageError unless `target` names its registry ("host:5000/app:1", "registry.example/app",
// "localhost/app", "docker.io/me/app"): a bare "app:1" would go to Docker Hub, which --push does
// not guess.
void check_push_target(const std::string& target);

// Pushes `reference` (an image the engine has under that tag). Throws engine::EngineError naming
// the registry and what it said, engine::RegistryAuthError for a bad docker config or helper.
PushOutcome push_slim_image(const engine::Engine& engine, const std::string& reference,
                            progress::ProgressReporter& progress, engine::Cancel cancel = nullptr);

}  // namespace minify::pipeline
