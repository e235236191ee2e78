#pragma once
// HTTP probes against a published port: one request per connection, closed after the response,
// so that a single-threaded server is never starved by an idle keep-alive connection.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "probe/http_request.h"
#include "probe/probe_result.h"

namespace minify::probe {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 0;
  // The Host header sent, and the origin links are resolved against; empty: authority(). The
  // pipeline sends "localhost:<container port>" in every run, whatever host port the engine
  // published, so that the requests of the analysis and verify runs are byte-identical.
  std::string host_header = {};
  std::string authority() const { return host + ":" + std::to_string(port); }
  std::string origin() const { return host_header.empty() ? authority() : host_header; }
};

struct HttpExchange {
  HttpRequest request;
  ProbeResult result;
};

// Called between attempts and between requests; throws to abort (Ctrl-C, the app died).
using CheckFn = std::function<void()>;

// The most of an answer's body a probe keeps (and compares): the rest is not read, the connection
// is closed there.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{16} << 20;

// Sends one request on a fresh connection, the same bytes for the same request and endpoint
// origin in every run: "Connection: close", "Host: <endpoint.origin()>", with a body
// "Content-Type", and cpp-httplib's own headers, which it writes sorted by name. Never throws for
// a transport failure: the result says answered == false and why. `user_request` marks requests the
// user asked for, where a 5xx status counts as a failure. The body is kept up to kMaxBodyBytes.
ProbeResult send_http(const Endpoint& endpoint, const HttpRequest& request,
                      std::chrono::milliseconds timeout, bool user_request);

struct CrawlLimits {
  int max_depth = 3;   // links followed from "/" at most this many hops away
  int max_pages = 30;  // requests in all, "/" included
};

// GET / then, breadth first, the same-origin links of every HTML response, each path once.
std::vector<HttpExchange> crawl(const Endpoint& endpoint, const CrawlLimits& limits,
                                std::chrono::milliseconds timeout, const CheckFn& check);

// Replays requests in order (the verify run replays exactly what the analysis run sent).
std::vector<HttpExchange> replay(const Endpoint& endpoint, const std::vector<HttpExchange>& sent,
                                 std::chrono::milliseconds timeout, const CheckFn& check);

}  // namespace minify::probe
