#include "unit/sensor/sensor_runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace minify::sensor::testing {

std::string program(const std::string& name) {
  return std::string(SENSOR_TEST_PROGRAMS_DIR) + "/" + name;
}

StartedSensor start_sensor(const TempDir& dir, const std::vector<std::string>& options,
                           const std::vector<std::string>& app,
                           const std::vector<std::string>& wrapper) {
  std::vector<std::string> args = wrapper;
  args.push_back(std::string(MINIFY_BINARY_DIR) + "/sensor");
  args.insert(args.end(), options.begin(), options.end());
  args.push_back("--record");
  args.push_back(dir / "record.json");
  args.push_back("--");
  args.insert(args.end(), app.begin(), app.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execv(argv[0], argv.data());
    _exit(99);
  }
  close(out[1]);
  return {pid, out[0]};
}

SensorRun finish_sensor(const TempDir& dir, StartedSensor started) {
  SensorRun run;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  // The sensor's stdout closes when it and every app process have exited.
  while (true) {
    pollfd fd{started.out_fd, POLLIN, 0};
    if (poll(&fd, 1, 100) > 0) {
      char buffer[4096];
      ssize_t n = read(started.out_fd, buffer, sizeof buffer);
      if (n <= 0) break;
      run.out.append(buffer, static_cast<std::size_t>(n));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(started.pid, SIGKILL);  // PTRACE_O_EXITKILL takes the app down with it
      break;
    }
  }
  close(started.out_fd);
  int status = 0;
  waitpid(started.pid, &status, 0);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (auto record = read_record(dir)) run.record = *record;
  return run;
}

SensorRun run_sensor(const TempDir& dir, const std::vector<std::string>& options,
                     const std::vector<std::string>& app, const std::vector<std::string>& wrapper) {
  return finish_sensor(dir, start_sensor(dir, options, app, wrapper));
}

std::optional<record::Record> read_record(const TempDir& dir) {
  std::ifstream in(dir / "record.json");
  if (!in) return std::nullopt;
  return record::record_from_json(nlohmann::json::parse(in));
}

bool wait_for_file(const std::string& path, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!std::filesystem::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::uint32_t ops_of(const record::Record& record, const std::string& path) {
  for (const auto& entry : record.paths) {
    if (entry.path == path) return entry.ops;
  }
  return 0;
}

std::string process_of(const record::Record& record, const std::string& path) {
  for (const auto& entry : record.paths) {
    if (entry.path == path) return entry.process;
  }
  return "";
}

std::uint32_t sources_of(const record::Record& record, const std::string& path) {
  for (const auto& entry : record.paths) {
    if (entry.path == path) return entry.sources;
  }
  return 0;
}

std::vector<record::Process> processes_named(const record::Record& record,
                                             const std::string& argv0) {
  std::vector<record::Process> found;
  for (const auto& process : record.processes) {
    if (!process.argv.empty() && process.argv[0] == argv0) found.push_back(process);
  }
  return found;
}

}  // namespace minify::sensor::testing
