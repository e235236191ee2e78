#include "probe/exec_probe.h"

#include <chrono>
#include <exception>

#include "probe/command_words.h"

namespace minify::probe {

ProbeResult run_exec_probe(const std::string& command, const ExecFn& exec) {
  ProbeResult result;
  result.kind = ProbeKind::kExec;
  result.name = "exec: " + command;
  auto start = std::chrono::steady_clock::now();
  try {
    auto argv = split_command(command);
    if (argv.empty()) throw std::invalid_argument("empty command");
    ExecOutcome outcome = exec(argv);
    result.answered = true;
    result.status = outcome.exit_code;
    result.output = std::move(outcome.stdout_text);
    result.error = std::move(outcome.stderr_text);
    result.failed = outcome.exit_code != 0;
  } catch (const std::invalid_argument& e) {
    result.failed = true;
    result.error = e.what();
  }
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace minify::probe
