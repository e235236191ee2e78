#pragma once
// What the seccomp integration tests stand on: a FROM-scratch image holding the raw-syscall test
// programs (made on first use with `docker import`, removed at exit) and containers run under a
// profile through the Engine API; the engine client and the guard that removes every container
// made are tests/support's (test_engine.h).

#include <optional>
#include <string>
#include <vector>

#include "engine/engine_client.h"
#include "seccomp/profile.h"

namespace minify::seccomp::testing {

// The images hold /exit_only, /pause_only, /try_denied and /pid1_uname, labelled minify;
// program_image()'s entrypoint is /exit_only, pid1_image()'s /pid1_uname.
const std::string& program_image();
const std::string& pid1_image();

// A tar holding one executable file at its root, for the archive API.
std::string single_file_tar(const std::string& name, const std::string& content);

// The labels every container of these tests carries.
nlohmann::json test_labels();

struct RunOptions {
  std::string image;                      // program_image() when empty
  std::vector<std::string> entrypoint;    // the image's when empty
  std::optional<nlohmann::json> profile;  // none: the engine's default profile
  std::vector<std::string> cap_add;
};

// Creates (not starts) a labelled container, with the profile passed inline in
// HostConfig.SecurityOpt as the Engine API takes it.
std::string create_container(const RunOptions& options);

struct RunResult {
  bool started = false;
  std::string start_error;  // the engine's message when it could not start
  int64_t exit_code = -1;
  std::string out;
};

// Creates, starts, waits (bounded) and removes a container.
RunResult run_to_exit(const RunOptions& options);

// A profile made as minify makes it, from a "full" record of these x86_64 syscall numbers.
Profile profile_of(const std::vector<int>& syscalls);

}  // namespace minify::seccomp::testing
