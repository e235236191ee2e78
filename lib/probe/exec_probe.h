#pragma once
// `--exec 'CMD'`: commands run inside the app's container through the engine's exec API, in argv
// form. This part knows no engine: the caller passes the function that runs an argv in the
// container (lib/pipeline binds it to the engine client).

#include <functional>
#include <string>
#include <vector>

#include "probe/probe_result.h"

namespace minify::probe {

struct ExecOutcome {
  int exit_code = 0;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs argv in the container; throws std::exception when it could not be run at all.
using ExecFn = std::function<ExecOutcome(const std::vector<std::string>& argv)>;

// Splits `command` (see command_words.h) and runs it through `exec`. A non-zero exit or an
// error running it makes the result failed, with the reason in `error`.
ProbeResult run_exec_probe(const std::string& command, const ExecFn& exec);

}  // namespace minify::probe
