#include "probe/http_probe.h"

#include <httplib.h>

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
  auto res = client.send(req);
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!res) {
    result.error =
        "no response from " + endpoint.authority() + ": " + httplib::to_string(res.error());
    result.failed = true;
    return result;
  }
  result.answered = true;
  result.status = res->status;
  result.output = std::move(res->body);
  for (const char* name : {"Content-Type", "Location"})
    if (res->has_header(name))
      result.headers.push_back(std::string(name) + ": " + res->get_header_value(name));
  if (user_request && res->status >= 500) {
    result.failed = true;
    result.error = "status " + std::to_string(res->status);
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
