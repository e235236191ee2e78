#pragma once
// --pull: the original image fetched from its registry before anything runs, as the policy asks
// (options.h's PullPolicy), with the credentials of the docker config (registry_access.h) and
// its progress on stderr. The pulled image stays in the engine, as after `docker pull`: it is the
// user's image, and the next `--pull missing` finds it there.

#include <functional>
#include <string>

#include "engine/engine.h"
#include "pipeline/options.h"
#include "progress/progress_reporter.h"

namespace minify::pipeline {

// Runs `look` (the caller's inspect of `image`, which throws engine::EngineError kNotFound when
// the engine has no such image) and pulls as `policy` says: kAlways pulls before `look`;
// kMissing pulls only when `look` found nothing, then runs it again; kNever runs `look` alone.
// An image id ("sha256:...", or hex as `docker images` shows it) or a name the engine would
// refuse is never pulled. Returns whether it pulled.
// Throws what `look` throws; engine::EngineError naming the registry, the credentials used and
// what was said when the pull fails ("image 'X' not found in the engine; pull 'X' (registry R,
// no credentials): ..." when kMissing pulled it); engine::RegistryAuthError for a bad docker config
// or helper.
bool pull_per_policy(const engine::Engine& engine, const std::string& image, PullPolicy policy,
                     progress::ProgressReporter& progress, engine::Cancel cancel,
                     const std::function<void()>& look);

}  // namespace minify::pipeline
