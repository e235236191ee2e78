#include "podman_service.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "support/file_contents.h"

extern char** environ;

namespace minify::test {

std::vector<std::string> PodmanService::global_flags() const {
  return {"--root",
          (dir_ / "root").string(),
          "--runroot",
          (dir_ / "run").string(),
          "--tmpdir",
          (dir_ / "tmp").string(),
          "--network-config-dir",
          (dir_ / "networks").string(),
          "--storage-driver",
          "overlay",
          "--cgroup-manager",
          "cgroupfs",
          "--events-backend",
          "file"};
}

namespace {

// Rootful Podman raises RLIMIT_NOFILE and RLIMIT_NPROC of every container to 1048576 and 4194304;
// where the service may not (in a container without CAP_SYS_RESOURCE, as CI runs), every start
// fails with "error setting rlimit type 7". So the containers get what the service has: this
// process's open files, and at most 32768 processes (podman 4.3.1 lowers its own RLIMIT_NPROC to
// that at start: seen in /proc/PID/limits).
std::string containers_conf() {
  auto hard = [](int resource) {
    rlimit r{};
    ::getrlimit(resource, &r);
    return r.rlim_max;
  };
  const std::string files = std::to_string(hard(RLIMIT_NOFILE));
  const std::string procs = std::to_string(std::min<rlim_t>(hard(RLIMIT_NPROC), 32768));
  return "[containers]\ndefault_ulimits = [\"nofile=" + files + ":" + files +
         "\", \"nproc=" + procs + ":" + procs + "\"]\n";
}

}  // namespace

PodmanService::PodmanService() {
  socket_ = (dir_ / "podman.sock").string();
  std::filesystem::create_directories(dir_ / "networks");
  write_file(dir_ / "containers.conf", containers_conf());
  std::vector<std::string> args = {"/usr/bin/podman"};
  for (auto& flag : global_flags()) args.push_back(flag);
  for (const char* a : {"system", "service", "--time=0"}) args.emplace_back(a);
  args.push_back("unix://" + socket_);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string log = (dir_ / "service.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> env_strings = {"CONTAINERS_CONF=" + (dir_ / "containers.conf").string()};
  for (char** e = environ; *e != nullptr; ++e)
    if (!std::string_view(*e).starts_with("CONTAINERS_CONF=")) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start podman (apt-get install podman)");
  for (int i = 0; i < 100; ++i) {
    auto probe = run_process({"curl", "-s", "--unix-socket", socket_, "http://d/_ping"});
    if (probe.out == "OK") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("podman system service did not answer on " + socket_ + ": " +
                           read_file(dir_ / "service.log"));
}

PodmanService::~PodmanService() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  // Its containers, images and the overlay mounts under its storage, before the directory goes.
  podman({"system", "reset", "--force"});
}

void PodmanService::copy_from_docker(const std::string& image) const {
  std::string store = "containers-storage:[overlay@" + (dir_ / "root").string() + "+" +
                      (dir_ / "run").string() + "]" + image;
  auto copied = run_process({"skopeo", "copy", "docker-daemon:" + image, store});
  if (copied.status != 0) throw std::runtime_error("skopeo copy " + image + ": " + copied.err);
}

ProcessResult PodmanService::podman(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"podman"};
  for (auto& flag : global_flags()) argv.push_back(flag);
  for (const auto& a : args) argv.push_back(a);
  return run_process(argv);
}

}  // namespace minify::test
