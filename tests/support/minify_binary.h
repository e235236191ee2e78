#pragma once
// The minify binary under test (build/minify, next to the sensor it copies into containers), run
// as a user or a CI job runs it.

#include <string>
#include <vector>

#include "support/process.h"

namespace minify::test {

// The path of build/minify.
std::string minify_binary();

// Runs `minify ARGS...` (no shell) to its end; see run_process for `on_running`.
ProcessResult run_minify(const std::vector<std::string>& args, const OnRunning& on_running = {});

}  // namespace minify::test
