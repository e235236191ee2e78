#include "probe/http_probe.h"

#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <set>

#include "probe/link_extractor.h"

namespace minify::probe {

ProbeResult send_http(const Endpoint& endpoint, const HttpRequest& request,
                      std::chrono::milliseconds timeout, bool user_request) {
  ProbeResult result;
  result.kind = ProbeKind::kHttp;
  result.name = request.name();
  auto start = std::chrono::steady_clock::now();

  // A client per request: its socket lives exactly as long as this one exchange.
  httplib::Client client(endpoint.host, endpoint.port);
  client.set_keep_alive(false);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  httplib::Request req;
  req.method = request.method;
  req.path = request.path;
  req.body = request.body;
  req.headers = {{"Connection", "close"}, {"Host", endpoint.origin()}};
  if (!request.body.empty() && request.method != "GET")
    req.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  // The body is kept up to kMaxBodyBytes, then the connection is closed: the app may answer
  // without end, and minify's memory must not follow it.
  int status = 0;
  bool cut = false;
  req.response_handler = [&](const httplib::Response& response) {
    status = response.status;
    // The headers verify compares (the rest vary by server version, date, length...).
    for (const char* name : {"Content-Type", "Location"})
      if (response.has_header(name))
        result.headers.push_back(std::string(name) + ": " + response.get_header_value(name));
    return true;
  };
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    std::size_t room = kMaxBodyBytes - result.output.size();
    result.output.append(data, std::min(n, room));
    cut = n > room;
    return !cut;
  };
  auto res = client.send(req);
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!res && !cut) {
    result.output.clear();
    result.error =
        "no response from " + endpoint.authority() + ": " + httplib::to_string(res.error());
    result.failed = true;
    return result;
  }
  result.answered = true;
  result.status = res ? res->status : status;
  if (user_request && result.status >= 500) {
    result.failed = true;
    result.error = "status " + std::to_string(result.status);
  }
  return result;
}

std::vector<HttpExchange> crawl(const Endpoint& endpoint, const CrawlLimits& limits,
                                std::chrono::milliseconds timeout, const CheckFn& check) {
  std::vector<HttpExchange> done;
  std::deque<std::pair<std::string, int>> queue{{"/", 0}};
  std::set<std::string> seen{"/"};
  while (!queue.empty() && static_cast<int>(done.size()) < limits.max_pages) {
    if (check) check();
    auto [path, depth] = queue.front();
    queue.pop_front();
    HttpRequest request{"GET", path, ""};
    // "/" is the user's default probe: it must answer. Crawled links may fail on their own.
    ProbeResult result = send_http(endpoint, request, timeout, false);
    if (path != "/" && !result.answered) result.failed = false;
    bool page = result.answered && result.status >= 200 && result.status < 300;
    if (page && depth < limits.max_depth) {
      for (const auto& link : extract_links(result.output)) {
        auto next = same_origin_path(path, link, endpoint.origin());
        if (next && seen.insert(*next).second) queue.emplace_back(*next, depth + 1);
      }
    }
    done.push_back({std::move(request), std::move(result)});
  }
  return done;
}

std::vector<HttpExchange> replay(const Endpoint& endpoint, const std::vector<HttpExchange>& sent,
                                 std::chrono::milliseconds timeout, const CheckFn& check) {
  std::vector<HttpExchange> done;
  for (const auto& exchange : sent) {
    if (check) check();
    ProbeResult result = send_http(endpoint, exchange.request, timeout, true);
    done.push_back({exchange.request, std::move(result)});
  }
  return done;
}

}  // namespace minify::probe
