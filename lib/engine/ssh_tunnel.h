#pragma once
// An ssh:// endpoint made reachable as a local unix socket, the way the docker CLI reaches it:
// every connection to the socket becomes `ssh [-l user] [-p port] -- host docker system
// dial-stdio` with the connection as its stdin and stdout, so the remote docker CLI relays the
// API to the engine it is configured for there.
//
// One ssh master connection (ControlMaster, its control socket in the tunnel's private folder)
// carries them all: a call costs a new channel and a dial-stdio process on the host, not a new
// ssh handshake. ssh reads the user's ~/.ssh/config, keys, agent and known_hosts as usual; its
// processes are in their own process group, so a Ctrl-C at the terminal reaches minify alone,
// which can still clean up on the engine through the tunnel before it closes.
//
// The destructor stops every ssh process the tunnel started and removes its folder.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/endpoint.h"

namespace minify::engine {

class SshTunnel {
 public:
  // Opens the master connection (waits at most `connect_timeout` for it); throws EngineError
  // kUnreachable with ssh's own last line when it fails ("Permission denied (publickey)",
  // "Host key verification failed", "Connection refused").
  explicit SshTunnel(const Endpoint& endpoint,
                     std::chrono::seconds connect_timeout = std::chrono::seconds(30));
  ~SshTunnel();
  SshTunnel(const SshTunnel&) = delete;
  SshTunnel& operator=(const SshTunnel&) = delete;

  // `endpoint` with socket_path set to the tunnel's socket: what EngineClient is given.
  const Endpoint& endpoint() const { return endpoint_; }
  // The last line an ssh relay (or the remote dial-stdio) wrote on stderr; "" when none.
  std::string last_message() const;

 private:
  std::vector<std::string> ssh_command(std::vector<std::string> options) const;
  void accept_loop(std::stop_token stop);
  void reap(bool wait_all);
  void close_all();

  Endpoint endpoint_;
  std::filesystem::path dir_;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};  // the destructor writes here to end accept_loop
  pid_t master_ = -1;
  std::mutex mutex_;
  std::vector<pid_t> relays_;  // guarded by mutex_
  std::jthread acceptor_;
};

}  // namespace minify::engine
