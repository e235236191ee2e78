#pragma once
// What the engine tests stand on: a tiny FROM-scratch image made here (one static program and a
// text file, imported with `docker import`), tars made and read in memory, and guards that remove
// what a test created on every path.

#include <string>
#include <string_view>
#include <vector>

#include "engine/engine_client.h"

namespace minify::engine::testing {

struct TarEntry {
  std::string path;
  std::string content;  // empty for a directory
  unsigned mode = 0644;
  bool directory = false;
};

std::string make_tar(const std::vector<TarEntry>& entries);
std::vector<TarEntry> read_tar(std::string_view tar);

// Runs a shell command; returns its exit status and stdout.
struct CommandResult {
  int status = -1;
  std::string output;
};
CommandResult run_command(const std::string& command);

// "<prefix>-<pid>": names that cannot collide with another developer's run.
std::string unique_name(std::string_view prefix);

// The labels every container and image of these tests carries.
nlohmann::json test_labels();

// The test image (made on first use, removed at exit): /prog (the static test program, also the
// entrypoint), /etc/greeting.txt ("hello from minify\n"), /tmp. Labelled minify and minify.test.
const std::string& test_image();

EngineClient& client();

// Removes the container (forced, with volumes) when the scope ends, however it ends.
class ContainerGuard {
 public:
  explicit ContainerGuard(std::string id) : id_(std::move(id)) {}
  ~ContainerGuard();
  ContainerGuard(const ContainerGuard&) = delete;
  ContainerGuard& operator=(const ContainerGuard&) = delete;
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

// Creates a labelled container from the test image running `/prog <args...>`.
std::string create_test_container(const std::vector<std::string>& args, bool tty = false);

}  // namespace minify::engine::testing
