#include "local_registry.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "support/file_contents.h"
#include "support/process.h"

extern char** environ;

namespace minify::test {
namespace {

// A port nothing listens on now: bound with port 0, then released for the registry to take.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("no free port on 127.0.0.1");
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

std::string base64(const std::string& text) {
  auto result = run_shell("printf %s " + shell_quote(text) + " | base64 -w0");
  if (result.status != 0) throw std::runtime_error("base64: " + result.err);
  return result.out;
}

}  // namespace

LocalRegistry::LocalRegistry(std::optional<BasicAuth> auth) : auth_(std::move(auth)) {
  host_ = "127.0.0.1:" + std::to_string(free_port());
  std::string config =
      "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
      "    rootdirectory: " +
      (dir_ / "data").string() + "\nhttp:\n  addr: " + host_ + "\n";
  if (auth_) {
    auto made = run_process(
        {"htpasswd", "-Bbc", (dir_ / "htpasswd").string(), auth_->user, auth_->password});
    if (made.status != 0) throw std::runtime_error("htpasswd: " + made.err);
    config +=
        "auth:\n  htpasswd:\n    realm: minify-test\n    path: " + (dir_ / "htpasswd").string() +
        "\n";
  }
  write_file(dir_ / "config.yml", config);
  std::string program = "/usr/bin/docker-registry", serve = "serve",
              file = (dir_ / "config.yml").string(), log = (dir_ / "log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  char* argv[] = {program.data(), serve.data(), file.data(), nullptr};
  int rc = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error("cannot start " + program + " (apt-get install docker-registry)");
  // Ready when /v2/ answers (401 with auth, 200 without).
  for (int i = 0; i < 100; ++i) {
    auto probe = run_process(
        {"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + host_ + "/v2/"});
    if (probe.out == "200" || probe.out == "401") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("docker-registry did not answer on " + host_ + ": " +
                           read_file(dir_ / "log"));
}

LocalRegistry::~LocalRegistry() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status;
    ::waitpid(pid_, &status, 0);
  }
}

std::string LocalRegistry::creds_flag(const char* flag) const {
  return auth_ ? std::string(" ") + flag + " " + shell_quote(auth_->user + ":" + auth_->password)
               : "";
}

void LocalRegistry::put(const std::string& local_image, const std::string& path) const {
  auto copied = run_shell("skopeo copy --dest-tls-verify=false" + creds_flag("--dest-creds") +
                          " docker-daemon:" + shell_quote(local_image) + " docker://" +
                          shell_quote(ref(path)));
  if (copied.status != 0) throw std::runtime_error("skopeo copy: " + copied.err);
}

std::optional<std::string> LocalRegistry::inspect(const std::string& path) const {
  auto result = run_shell("skopeo inspect --tls-verify=false" + creds_flag("--creds") +
                          " docker://" + shell_quote(ref(path)));
  if (result.status != 0) return std::nullopt;
  return result.out;
}

DockerConfigDir::DockerConfigDir(const std::string& config_json) {
  write_file(dir_ / "config.json", config_json);
}

std::string auths_config(const std::string& host, const BasicAuth& auth) {
  return R"({"auths": {")" + host + R"(": {"auth": ")" + base64(auth.user + ":" + auth.password) +
         R"("}}})";
}

}  // namespace minify::test
