#pragma once
// What a pull and a push share (image_pull.h, image_push.h): which registry a reference names,
// the credentials the docker config holds for it (engine/registry_auth.h), the engine's progress
// messages shown as progress on stderr, and the registry's refusal as one line that names the
// registry, the credentials used and what was said.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/registry_auth.h"
#include "progress/progress_reporter.h"

namespace minify::pipeline {

struct RegistryAccess {
  std::string registry;  // "127.0.0.1:5000", "docker.io"
  std::optional<engine::RegistryCredentials> credentials;
  std::string auth_header;  // X-Registry-Auth

  // Looks up the registry of `reference` and its credentials. Throws engine::RegistryAuthError
  // for a config or a helper that fails.
  static RegistryAccess for_reference(std::string_view reference);

  // `error` (from a pull or push of `reference`) as one line: "pull 'REF' (registry R,
  // credentials from SOURCE | no credentials): <what the registry or engine said>". The kind is
  // kept.
  engine::EngineError explain(const engine::EngineError& error, std::string_view what,
                              std::string_view reference) const;
};

// Shows a pull's or push's progress messages as one phase of `progress` ("pull REF"): bytes done
// against the layers' sizes, and a line for each layer as it completes.
class RegistryProgressView {
 public:
  RegistryProgressView(progress::ProgressReporter& progress, std::string phase);
  void operator()(const engine::RegistryProgress& message);
  void finish() { phase_.finish(); }

 private:
  struct Layer {
    std::uint64_t current = 0;
    std::uint64_t total = 0;
  };
  progress::ProgressReporter& progress_;
  std::string name_;
  progress::ProgressReporter::Phase phase_;
  std::map<std::string, Layer> layers_;
  std::uint64_t total_ = 0;
};

}  // namespace minify::pipeline
