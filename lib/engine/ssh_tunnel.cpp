#include "engine/ssh_tunnel.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "engine/engine_error.h"

extern char** environ;

namespace minify::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// As the docker CLI: ssh gives up on a host that does not answer within this.
constexpr const char* kConnectTimeout = "ConnectTimeout=30";
// Relays started ahead of need: a build's calls come in bursts of a few, each relay takes a good
// part of a second to be ready, and an idle one costs two processes and an engine connection.
constexpr std::size_t kReadyRelays = 8;
constexpr std::size_t kPumpBuffer = 64 * 1024;

// Writes all of `data` to `fd`; false when the other side has gone.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// `name` as execvp would find it on PATH; "" when it is nowhere.
std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// Starts `argv` (argv[0] found on PATH, as docker finds ssh) in its own process group, with `in`
// and `out` as its stdin and stdout and stderr appended to `log`. It gets SIGTERM when the
// calling thread ends, so that no ssh outlives a minify killed with SIGKILL (posix_spawn cannot
// ask for that, hence fork). Throws EngineError when it cannot start.
pid_t spawn(const std::vector<std::string>& argv, int in, int out, const fs::path& log) {
  std::string program = find_program(argv[0]);
  if (program.empty())
    throw EngineError(ErrorKind::kUnreachable,
                      "cannot reach the Docker engine over ssh: no '" + argv[0] + "' on PATH");
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0)
    throw EngineError(ErrorKind::kUnreachable, "cannot start ssh to reach the Docker engine: " +
                                                   std::string(strerror(errno)));
  if (pid == 0) {
    // Only async-signal-safe calls until exec: the parent has other threads.
    ::setpgid(0, 0);  // a Ctrl-C at the terminal is for minify, which then cleans up through us
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    for (int signal_number : {SIGPIPE, SIGINT, SIGTERM}) ::signal(signal_number, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(program.c_str(), args.data(), environ);
    ::_exit(127);
  }
  return pid;
}

std::string last_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) last = line;
  }
  return last;
}

bool is_unix_socket(const fs::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

void stop_process(pid_t pid) {
  ::kill(pid, SIGTERM);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

SshTunnel::SshTunnel(const Endpoint& endpoint, std::chrono::seconds connect_timeout)
    : endpoint_(endpoint) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/minify-ssh-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw EngineError(ErrorKind::kUnreachable, "cannot make a folder for the ssh tunnel to " +
                                                   endpoint.uri() + " in " + pattern + ": " +
                                                   strerror(errno));
  dir_ = pattern;
  endpoint_.socket_path = (dir_ / "docker.sock").string();
  try {
    int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    // BatchMode: ssh runs in the background, where a password prompt would stop it until the
    // timeout; a key or an agent is needed, and its absence is said at once.
    master_ = spawn(ssh_command({"-M", "-N", "-o", "ControlMaster=yes", "-o", "ControlPersist=no",
                                 "-o", "BatchMode=yes"}),
                    null_fd, null_fd, dir_ / "master.log");
    ::close(null_fd);
    // The control socket appears once ssh has logged in.
    auto deadline = Clock::now() + connect_timeout + std::chrono::seconds(5);
    while (!is_unix_socket(dir_ / "control")) {
      int status = 0;
      if (::waitpid(master_, &status, WNOHANG) == master_) {
        master_ = -1;
        std::string said = last_line(dir_ / "master.log");
        throw EngineError(
            ErrorKind::kUnreachable,
            "cannot reach the Docker engine at " + endpoint.uri() + ": ssh " +
                (said.empty() ? "exited with status " + std::to_string(WEXITSTATUS(status))
                              : "said: " + said));
      }
      if (Clock::now() > deadline)
        throw EngineError(ErrorKind::kUnreachable,
                          "cannot reach the Docker engine at " + endpoint.uri() +
                              ": ssh did not log in within " +
                              std::to_string(connect_timeout.count()) + " s");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (endpoint_.socket_path.size() >= sizeof(address.sun_path))
      throw EngineError(ErrorKind::kUnreachable,
                        "the ssh tunnel's socket path is too long: " + endpoint_.socket_path +
                            " (set TMPDIR to a shorter folder)");
    std::memcpy(address.sun_path, endpoint_.socket_path.c_str(), endpoint_.socket_path.size() + 1);
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 64) != 0 || ::pipe2(wake_fds_, O_CLOEXEC) != 0)
      throw EngineError(
          ErrorKind::kUnreachable,
          "cannot open the ssh tunnel's socket " + endpoint_.socket_path + ": " + strerror(errno));
    acceptor_ = std::jthread([this](std::stop_token stop) { accept_loop(stop); });
  } catch (...) {
    close_all();
    throw;
  }
}

SshTunnel::~SshTunnel() {
  close_all();
}

void SshTunnel::forsake() const noexcept {
  // Not the watch's child: nothing to reap here.
  if (master_ > 0) ::kill(master_, SIGTERM);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void SshTunnel::close_all() {
  if (wake_fds_[1] >= 0) {
    char byte = 0;
    [[maybe_unused]] auto written = ::write(wake_fds_[1], &byte, 1);
  }
  if (acceptor_.joinable()) {
    acceptor_.request_stop();
    acceptor_.join();
  }
  {
    std::vector<std::unique_ptr<Pump>> pumps;
    {
      std::lock_guard lock(mutex_);
      pumps.swap(pumps_);
    }
    pumps.clear();  // joins: each pump ends at the wake pipe
  }
  for (Relay& relay : ready_) ::close(relay.fd);  // an unused relay sees its stdin end
  ready_.clear();
  for (int* fd : {&listen_fd_, &wake_fds_[0], &wake_fds_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
  reap(true);
  if (master_ > 0) stop_process(master_);
  master_ = -1;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<std::string> SshTunnel::ssh_command(std::vector<std::string> options) const {
  std::vector<std::string> argv = {"ssh", "-o", kConnectTimeout,
                                   "-T",  "-o", "ControlPath=" + (dir_ / "control").string()};
  if (!endpoint_.user.empty()) argv.insert(argv.end(), {"-l", endpoint_.user});
  if (endpoint_.port != 0) argv.insert(argv.end(), {"-p", std::to_string(endpoint_.port)});
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--", endpoint_.host});
  return argv;
}

SshTunnel::Relay SshTunnel::start_relay() {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw EngineError(ErrorKind::kUnreachable, "cannot make a socket pair for the ssh tunnel: " +
                                                   std::string(strerror(errno)));
  std::vector<std::string> argv = ssh_command({"-o", "ControlMaster=no"});
  argv.insert(argv.end(), {"docker", "system", "dial-stdio"});
  try {
    pid_t pid = spawn(argv, pair[1], pair[1], dir_ / "relay.log");
    ::close(pair[1]);
    std::lock_guard lock(mutex_);
    relays_.push_back(pid);
    return {pid, pair[0]};
  } catch (...) {
    ::close(pair[0]);
    ::close(pair[1]);
    throw;
  }
}

void SshTunnel::accept_loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    try {
      while (ready_.size() < kReadyRelays) ready_.push_back(start_relay());
    } catch (const EngineError&) {
      // No relay: a connection then waits for the next try, and fails with the caller's
      // deadline if ssh cannot be run at all.
    }
    pollfd waiting[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
    if (::poll(waiting, 2, 1000) < 0 && errno != EINTR) return;
    if (waiting[1].revents != 0) return;
    reap(false);
    if ((waiting[0].revents & POLLIN) == 0) continue;
    if (ready_.empty()) {  // ssh could not be started: try again soon, without spinning
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    int connection = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    Relay relay = ready_.front();
    ready_.erase(ready_.begin());
    std::lock_guard lock(mutex_);
    std::erase_if(pumps_, [](const std::unique_ptr<Pump>& p) { return p->done.load(); });
    auto& next = pumps_.emplace_back(std::make_unique<Pump>());
    next->thread = std::jthread([this, connection, relay, done = &next->done] {
      pump(connection, relay.fd);
      *done = true;
    });
  }
}

void SshTunnel::pump(int connection, int relay) {
  std::vector<char> buffer(kPumpBuffer);
  // [0]: client -> relay, [1]: relay -> client. The client's EOF is passed on as a half-close,
  // as dial-stdio itself does; the relay's EOF or any failure ends both.
  bool open[2] = {true, true};
  int from[2] = {connection, relay};
  int to[2] = {relay, connection};
  while (open[0] || open[1]) {
    pollfd waiting[3] = {{open[0] ? from[0] : -1, POLLIN, 0},
                         {open[1] ? from[1] : -1, POLLIN, 0},
                         {wake_fds_[0], POLLIN, 0}};
    if (::poll(waiting, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (waiting[2].revents != 0) break;
    for (int side = 0; side < 2; ++side) {
      if (!open[side] || waiting[side].revents == 0) continue;
      ssize_t n = ::recv(from[side], buffer.data(), buffer.size(), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0 && write_all(to[side], buffer.data(), static_cast<std::size_t>(n))) continue;
      if (side == 0 && n == 0) {  // the request is whole: the answer may still be coming
        open[0] = false;
        ::shutdown(relay, SHUT_WR);
        continue;
      }
      open[0] = open[1] = false;  // the answer is whole, or a side has gone
    }
  }
  ::close(connection);
  ::close(relay);
}

void SshTunnel::reap(bool wait_all) {
  std::lock_guard lock(mutex_);
  std::erase_if(relays_, [&](pid_t pid) {
    if (wait_all) {
      // A relay whose caller has gone has seen its socket close and is ending; a stuck one is
      // not waited for long.
      for (int i = 0; i < 100 && ::waitpid(pid, nullptr, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (::waitpid(pid, nullptr, WNOHANG) == 0) stop_process(pid);
      return true;
    }
    return ::waitpid(pid, nullptr, WNOHANG) == pid;
  });
}

std::string SshTunnel::last_message() const {
  return last_line(dir_ / "relay.log");
}

}  // namespace minify::engine
