#include "pipeline/image_push.h"

#include "errors/usage_error.h"
#include "pipeline/registry_access.h"
#include "reference/image_reference.h"

namespace minify::pipeline {

void check_push_target(const std::string& target) {
  // The first component names a registry when the engine would read it so (a '.', a ':',
  // "localhost"), or when it spells Docker Hub out.
  auto slash = target.find('/');
  std::string first = slash == std::string::npos ? "" : target.substr(0, slash);
  bool named =
      !first.empty() && (first.find_first_of(".:") != std::string::npos || first == "localhost");
  if (!named)
    throw UsageError("--push: the slim image's tag '" + target +
                     "' names no registry; give --tag REGISTRY/NAME:TAG (e.g. "
                     "registry.example:5000/app:slim)");
}

PushOutcome push_slim_image(const engine::Engine& engine, const std::string& reference,
                            progress::ProgressReporter& progress, engine::Cancel cancel) {
  RegistryAccess access = RegistryAccess::for_reference(reference);
  RegistryProgressView view(progress, "push " + reference);
  PushOutcome outcome{reference, access.registry, {}};
  try {
    outcome.digest = engine.push_image(
        reference, access.auth_header, [&view](const engine::RegistryProgress& p) { view(p); },
        cancel);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kCancelled) throw;
    throw access.explain(e, "push", reference);
  }
  view.finish();
  return outcome;
}

}  // namespace minify::pipeline
