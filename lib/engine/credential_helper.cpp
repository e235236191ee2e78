#include "engine/credential_helper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

extern char** environ;

namespace minify::engine {
namespace {

using Clock = std::chrono::steady_clock;

// What a helper prints when it has nothing for the server (the helpers'
// credentials.ErrCredentialsNotFound).
constexpr std::string_view kNotFound = "credentials not found";
// More than any credential: a helper writing without end is cut off.
constexpr std::size_t kMaxOutput = 1 << 20;

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct Pipe {
  Fd read, write;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw CredentialHelperError(std::string("pipe: ") + std::strerror(errno));
    read.fd = fds[0];
    write.fd = fds[1];
  }
};

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text.size() > 300 ? text.substr(0, 300) + "..." : text;
}

struct Finished {
  int status = 0;
  std::string out, err;
};

Finished run(const std::string& program, std::string_view input,
             std::chrono::milliseconds timeout) {
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write.fd, 2);
  std::string get = "get";
  std::string name = program;
  char* argv[] = {name.data(), get.data(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw CredentialHelperError(program + ": cannot run it (" + std::strerror(rc) +
                                "); it is named by credsStore or credHelpers in the docker config");
  in.read.reset();
  out.write.reset();
  err.write.reset();
  // The address is a line; a helper that exits before reading it must not kill minify (SIGPIPE
  // is ignored by writing with MSG_NOSIGNAL-like care: a failed write is only ignored).
  std::string line = std::string(input) + "\n";
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  [[maybe_unused]] ssize_t wrote = ::write(in.write.fd, line.data(), line.size());
  ::sigaction(SIGPIPE, &previous, nullptr);
  in.write.reset();

  Finished done;
  auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out.read.fd, POLLIN, 0}, {err.read.fd, POLLIN, 0}};
  std::string* sinks[2] = {&done.out, &done.err};
  int open = 2;
  while (open > 0 && Clock::now() < deadline) {
    int n = ::poll(fds, 2, 100);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && n > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0 && sinks[i]->size() < kMaxOutput) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || (got < 0 && errno != EINTR)) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
  if (open > 0) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (open > 0)
    throw CredentialHelperError(program + " get: no answer within " +
                                std::to_string(timeout.count() / 1000) + " s");
  done.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return done;
}

}  // namespace

std::optional<HelperCredentials> ask_credential_helper(std::string_view helper,
                                                       std::string_view server_url,
                                                       std::chrono::milliseconds timeout) {
  const std::string program = "docker-credential-" + std::string(helper);
  Finished done = run(program, server_url, timeout);
  if (done.status != 0) {
    if (done.out.find(kNotFound) != std::string::npos ||
        done.err.find(kNotFound) != std::string::npos)
      return std::nullopt;
    std::string said = one_line(done.err.empty() ? done.out : done.err);
    throw CredentialHelperError(program + " get: exit status " + std::to_string(done.status) +
                                (said.empty() ? "" : ": " + said));
  }
  auto answer = nlohmann::json::parse(done.out, nullptr, /*allow_exceptions=*/false);
  auto field = [&answer](const char* key) {
    auto it = answer.find(key);
    return it != answer.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (!answer.is_object() || field("Secret").empty())
    throw CredentialHelperError(program + " get: its answer is not {\"Username\", \"Secret\"}");
  return HelperCredentials{field("Username"), field("Secret")};
}

}  // namespace minify::engine
