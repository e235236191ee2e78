#pragma once
// An ssh:// endpoint made reachable as a local unix socket, the way the docker CLI reaches it:
// each connection to the socket is relayed by `ssh [-l user] [-p port] -- host docker system
// dial-stdio`, so the remote docker CLI relays the API to the engine it is configured for there.
//
// Cheap calls: one ssh master connection (ControlMaster, its control socket in the tunnel's
// private folder) carries every relay, so a relay costs a channel and a dial-stdio process on the
// host, not a handshake; and that still costs a good part of a second, so a few relays are started
// ahead of need and a connection is handed to one already running (its bytes copied by a thread
// of the tunnel). ssh reads the user's ~/.ssh/config, keys, agent and known_hosts as usual; its
// processes are in their own process group, so a Ctrl-C at the terminal reaches minify alone,
// which can still clean up on the engine through the tunnel before it closes.
//
// The destructor stops every ssh process the tunnel started and removes its folder.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
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

  // For a process forked from the tunnel's owner (the run's watch, lib/pipeline/run_watch.h) once
  // the owner is dead, SIGKILL giving it no time to close the tunnel: ends the ssh master (which
  // ends the relays it carried) and removes the tunnel's folder. Uses neither the owner's threads
  // nor its locks, which did not survive the fork; this copy of the object must not be used or
  // destroyed afterwards.
  void forsake() const noexcept;

 private:
  struct Pump {
    std::atomic<bool> done{false};
    std::jthread thread;
  };
  struct Relay {
    pid_t pid = -1;
    int fd = -1;  // our end of the socket pair that is the relay's stdin and stdout
  };

  std::vector<std::string> ssh_command(std::vector<std::string> options) const;
  Relay start_relay();
  void accept_loop(std::stop_token stop);
  // Copies bytes both ways between a client's connection and a relay until both sides are done.
  void pump(int connection, int relay);
  void reap(bool wait_all);
  void close_all();

  Endpoint endpoint_;
  std::filesystem::path dir_;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};  // written to when the tunnel closes: ends the threads' polls
  pid_t master_ = -1;
  std::vector<Relay> ready_;  // started, not yet handed a connection (acceptor thread only)
  std::mutex mutex_;
  std::vector<pid_t> relays_;                 // every relay started and not yet reaped; guarded
  std::vector<std::unique_ptr<Pump>> pumps_;  // guarded
  std::jthread acceptor_;
};

}  // namespace minify::engine
