#pragma once
// Running a program from a test as a user would: its stdout and stderr captured apart, its exit
// status as a shell reports it. Stdin is /dev/null, so a program that reads it cannot hang a test.

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::test {

struct ProcessResult {
  int status = -1;  // the exit code, or 128 + the signal that ended it
  std::string out;
  std::string err;
};

// Called about every 50 ms while a program runs, with its pid and what it has written so far
// (`status` unset); it may signal it.
using OnRunning = std::function<void(pid_t pid, const ProcessResult& so_far)>;

// Runs `argv` (argv[0] searched in PATH) to its end: until it has exited and its stdout and
// stderr are closed (by it and by any child that inherited them), calling `on_running` when given.
// Throws std::runtime_error when the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const OnRunning& on_running = {});

// Runs `command` with /bin/sh -c: quoting, pipes and redirections are the caller's.
ProcessResult run_shell(const std::string& command);

// `word` quoted for /bin/sh, whatever it holds.
std::string shell_quote(std::string_view word);

}  // namespace minify::test
