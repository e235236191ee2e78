#include "probe/http_probe.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "probe/readiness.h"

using namespace minify::probe;
using namespace std::chrono_literals;

namespace {

// A real HTTP server on a loopback port, recording what reached it.
class TestServer {
 public:
  TestServer() {
    server_.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content(
          "<a href=\"/about\">about</a> <a href='http://example.com/'>x</a>"
          "<a href=\"deep/1\">d</a>",
          "text/html");
    });
    server_.Get("/about", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content("<a href=\"/\">home</a><a href=\"/missing\">m</a>", "text/html");
    });
    server_.Get(R"(/deep/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      int n = std::stoi(req.matches[1]);
      res.set_content("<a href=\"" + std::to_string(n + 1) + "\">next</a>", "text/html");
    });
    server_.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content(req.body, "text/plain");
    });
    server_.Get("/boom", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
    server_.Get("/huge", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(kMaxBodyBytes + (1 << 20), 'x'), "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
  }
  void start() {
    // Bound and listening already: connections wait in the backlog until this thread serves them.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  Endpoint endpoint() const { return {"127.0.0.1", port_}; }
  std::vector<std::string> connection_headers() {
    std::lock_guard lock(mutex_);
    return connection_headers_;
  }
  std::vector<std::string> paths() {
    std::lock_guard lock(mutex_);
    return paths_;
  }

 private:
  void note(const httplib::Request& req) {
    std::lock_guard lock(mutex_);
    connection_headers_.push_back(req.get_header_value("Connection"));
    paths_.push_back(req.path);
  }
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> connection_headers_;
  std::vector<std::string> paths_;
};

// A loopback port nobody listens on: bound to find it, then closed.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("a request is sent on its own connection, closed after the answer") {
  TestServer server;
  server.start();
  auto r = send_http(server.endpoint(), {"POST", "/echo", "a=1"}, 2s, true);
  CHECK(r.answered);
  CHECK_FALSE(r.failed);
  CHECK(r.status == 200);
  CHECK(r.output == "a=1");
  CHECK(server.connection_headers() == std::vector<std::string>{"close"});
}

TEST_CASE("a server error fails a user's request, not a crawled one") {
  TestServer server;
  server.start();
  auto r = send_http(server.endpoint(), {"GET", "/boom", ""}, 2s, true);
  CHECK(r.status == 500);
  CHECK(r.failed);
  CHECK_FALSE(send_http(server.endpoint(), {"GET", "/boom", ""}, 2s, false).failed);
}

TEST_CASE("the crawl follows same-origin links breadth first, within its limits") {
  TestServer server;
  server.start();
  auto done = crawl(server.endpoint(), {.max_depth = 3, .max_pages = 30}, 2s, {});
  std::vector<std::string> names;
  for (const auto& e : done) names.push_back(e.request.name());
  CHECK(names == std::vector<std::string>{"GET /", "GET /about", "GET /deep/1", "GET /missing",
                                          "GET /deep/2", "GET /deep/3"});
  CHECK(done[3].result.status == 404);
  CHECK_FALSE(done[3].result.failed);
  for (const auto& header : server.connection_headers()) CHECK(header == "close");

  auto few = crawl(server.endpoint(), {.max_depth = 10, .max_pages = 2}, 2s, {});
  CHECK(few.size() == 2);
}

TEST_CASE("replay sends exactly the same requests again") {
  TestServer server;
  server.start();
  auto first = crawl(server.endpoint(), {.max_depth = 1, .max_pages = 30}, 2s, {});
  auto again = replay(server.endpoint(), first, 2s, {});
  REQUIRE(again.size() == first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(again[i].request.name() == first[i].request.name());
    CHECK(again[i].result.output == first[i].result.output);
  }
}

TEST_CASE("readiness waits for a server that starts listening late") {
  int port = free_port();
  httplib::Server server;
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ready", "text/plain");
  });
  std::thread late([&] {
    std::this_thread::sleep_for(300ms);  // the app's own start-up time, simulated
    server.listen("127.0.0.1", port);
  });
  HttpExchange first;
  try {
    first = wait_for_http({"127.0.0.1", port}, 10s, {});
  } catch (const std::exception& e) {
    server.stop();
    late.join();
    FAIL(std::string(e.what()));
  }
  server.stop();
  late.join();
  CHECK(first.result.answered);
  CHECK(first.request.path == "/");
  CHECK(first.result.output == "ready");
}

TEST_CASE("readiness gives up at its deadline with a clear error") {
  // Port 1 on loopback: nothing listens there, connections are refused.
  try {
    wait_for_http({"127.0.0.1", 1}, 300ms, {});
    FAIL("expected NotReadyError");
  } catch (const NotReadyError& e) {
    CHECK(std::string(e.what()).find("port 1") != std::string::npos);
  }
  CHECK_THROWS_AS(wait_for_tcp({"127.0.0.1", 1}, 200ms, {}), NotReadyError);
}

TEST_CASE("readiness stops when check() throws (the app died, Ctrl-C)") {
  int calls = 0;
  auto check = [&] {
    if (++calls == 3) throw std::runtime_error("app exited with status 1");
  };
  CHECK_THROWS_WITH(wait_for_http({"127.0.0.1", 1}, 10s, check), "app exited with status 1");
}

TEST_CASE("tcp readiness accepts a listening server") {
  TestServer server;
  server.start();
  CHECK_NOTHROW(wait_for_tcp(server.endpoint(), 2s, {}));
}

TEST_CASE("an answer's body is kept up to its first kMaxBodyBytes, and the rest is not read") {
  TestServer server;
  server.start();
  ProbeResult r = send_http(server.endpoint(), HttpRequest{"GET", "/huge", ""}, 10s, true);
  CHECK(r.answered);
  CHECK_FALSE(r.failed);
  CHECK(r.status == 200);
  CHECK(r.output.size() == kMaxBodyBytes);
  CHECK(r.output.find_first_not_of('x') == std::string::npos);
  ProbeResult small = send_http(server.endpoint(), HttpRequest{"GET", "/about", ""}, 10s, true);
  CHECK(small.output == "<a href=\"/\">home</a><a href=\"/missing\">m</a>");
}
