#include "probe/readiness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace minify::probe {
namespace {

using Clock = std::chrono::steady_clock;

// Doubling pauses between polls: 10 ms at first (fast apps are seen fast), 50 ms at most (an app
// ready between two polls waits at most that long, twice per build: analysis and verify; an
// attempt on a port that refuses costs microseconds); never past the deadline.
class Backoff {
 public:
  explicit Backoff(Clock::time_point deadline) : deadline_(deadline) {}
  bool expired() const { return Clock::now() >= deadline_; }
  void pause() {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    std::this_thread::sleep_for(std::max(std::chrono::milliseconds(0), std::min(delay_, left)));
    delay_ = std::min(delay_ * 2, std::chrono::milliseconds(50));
  }

 private:
  Clock::time_point deadline_;
  std::chrono::milliseconds delay_{10};
};

std::string seconds(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms.count()) / 1000.0);
  return text;
}

// One TCP attempt: connected, and the peer neither closed nor reset within `hold`.
bool tcp_accepts(const Endpoint& endpoint, std::chrono::milliseconds hold) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(endpoint.port));
  bool ok = ::inet_pton(AF_INET, endpoint.host.c_str(), &addr.sin_addr) == 1 &&
            ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (ok) {
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(hold.count()));
    if (n > 0) {
      // Data (a banner) means a live server; EOF or an error means the proxy gave up.
      char byte;
      ok = ::recv(fd, &byte, 1, MSG_PEEK) > 0;
    }
  }
  ::close(fd);
  return ok;
}

}  // namespace

HttpExchange wait_for_http(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                           const CheckFn& check, const std::string& port_name) {
  Backoff backoff(Clock::now() + timeout);
  HttpRequest root{"GET", "/", ""};
  std::string last_error;
  for (;;) {
    if (check) check();
    auto left = std::max(std::chrono::milliseconds(100),
                         std::min(timeout, std::chrono::milliseconds(5000)));
    ProbeResult result = send_http(endpoint, root, left, false);
    if (result.answered) return {root, std::move(result)};
    last_error = result.error;
    if (backoff.expired())
      throw NotReadyError("the app did not answer HTTP on port " +
                          (port_name.empty() ? std::to_string(endpoint.port) : port_name) +
                          " within " + seconds(timeout) + " (last: " + last_error +
                          "); raise --timeout, or --http-probe=false for a non-HTTP app");
    backoff.pause();
  }
}

void wait_for_tcp(const Endpoint& endpoint, std::chrono::milliseconds timeout, const CheckFn& check,
                  const std::string& port_name) {
  Backoff backoff(Clock::now() + timeout);
  for (;;) {
    if (check) check();
    if (tcp_accepts(endpoint, std::chrono::milliseconds(50))) return;
    if (backoff.expired())
      throw NotReadyError("the app did not accept connections on port " +
                          (port_name.empty() ? std::to_string(endpoint.port) : port_name) +
                          " within " + seconds(timeout));
    backoff.pause();
  }
}

}  // namespace minify::probe
