// Verify on apps whose answers vary by themselves, and the port an app really listens on.
//
// The app (Python's http.server, on the python-web fixture, which EXPOSEs 8080) prints the time
// to the microsecond, returns a random id, echoes the Host header in its 404 page (as WEBrick and
// many frameworks do), and reads a greeting file that a route needs. Verify must pass on it (no
// false alarm) and still fail when an --exclude removes the greeting (a real difference).
// Listening on 8090 instead, the base's EXPOSE 8080 leads nowhere: minify must probe 8090.

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>

#include "build_test_support.h"
#include "support/minify_binary.h"

using namespace minify::test;

namespace {

constexpr const char* kApp = R"PY(import datetime, http.server, sys, threading, uuid

class Handler(http.server.BaseHTTPRequestHandler):
    def send(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/":
            self.send(200, '<a href="/now">now</a> <a href="/id">id</a> <a href="/gone">gone</a>')
        elif self.path == "/now":
            try:
                with open("/app/greeting.txt") as f:
                    greeting = f.read().strip()
            except OSError:
                greeting = "no greeting"
            self.send(200, "<p>%s, it is %s</p>" % (greeting, datetime.datetime.now().isoformat()))
        elif self.path == "/id":
            self.send(200, '{"request_id": "%s", "ok": true}' % uuid.uuid4())
        else:
            self.send(404, "<h1>Not Found</h1><p>http://%s%s is not here</p>"
                      % (self.headers.get("Host"), self.path))

    def log_message(self, *args):
        pass

# One server per port given, opened in the order given, the last one in the main thread.
servers = [http.server.ThreadingHTTPServer(("", int(port)), Handler) for port in sys.argv[1:]]
for server in servers[:-1]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
servers[-1].serve_forever()
)PY";

std::string app_image(const std::string& name, const std::vector<int>& ports) {
  std::string tag = unique_tag(name);
  std::string cmd = "[\"python3\", \"/app/volatile.py\"";
  for (int port : ports) cmd += ", \"" + std::to_string(port) + "\"";
  build_image("FROM minify-fixture/python-web\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "\nCOPY volatile.py greeting.txt /app/\nCMD " + cmd + "]\n",
              tag, {{"volatile.py", kApp}, {"greeting.txt", "hello\n"}});
  return tag;
}

struct Built {
  ProcessResult outcome;
  nlohmann::json report;
  double seconds = 0;
};

Built build(const std::string& image, const std::string& tag, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--timeout", "60"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto start = std::chrono::steady_clock::now();
  BuildRun run = run_minify_build(image, tag, args);
  return {std::move(run.outcome), std::move(run.report),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

}  // namespace

TEST_CASE("an app that prints the time, returns a random id and echoes Host passes verify") {
  std::string image = app_image("vf-volatile", {8080});
  std::string tag = unique_tag("vf-volatile-slim");
  ImageCleanup cleanup_image(image), cleanup_tag(tag);

  Built built = build(image, tag);
  INFO("minify stderr:\n" << built.outcome.err);
  INFO("minify stdout:\n" << built.outcome.out);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.report["verify"]["passed"] == true);
  std::vector<std::string> names;
  for (const auto& p : built.report["probes"]) names.push_back(p["name"]);
  CHECK(names == std::vector<std::string>{"GET /", "GET /now", "GET /id", "GET /gone"});
  CHECK(built.report["ports"]["listening"] == nlohmann::json::array({8080}));
  CHECK(built.report["ports"]["probed"][0]["via"] == "published");
  CHECK(minify_containers_of(image).empty());
  CHECK(minify_containers_of(tag).empty());
}

TEST_CASE("a route whose body changes outside what varies fails verify, naming it with context") {
  std::string image = app_image("vf-volatile-recall", {8080});
  std::string tag = unique_tag("vf-volatile-recall-slim");
  ImageCleanup cleanup_image(image), cleanup_tag(tag);
  // Without its greeting, /now still answers 200, with another text beside the time.
  Built built = build(image, tag, {"--exclude", "/app/greeting.txt"});
  INFO("minify stderr:\n" << built.outcome.err);
  CHECK(built.outcome.status == 3);
  REQUIRE(built.report["verify"]["mismatches"].size() >= 1);
  std::string first = built.report["verify"]["mismatches"][0];
  CHECK(first.starts_with("GET /now: output differs at byte 3"));
  CHECK(first.find("original \"<p>hello, it is ") != std::string::npos);
  CHECK(first.find("slim \"<p>no greeting, it is ") != std::string::npos);
  CHECK(minify_containers_of(image).empty());
}

TEST_CASE("an app listening on a port its image does not expose is probed there, not waited for") {
  std::string image = app_image("vf-port", {8090});  // the base EXPOSEs 8080 only
  std::string tag = unique_tag("vf-port-slim");
  ImageCleanup cleanup_image(image), cleanup_tag(tag);
  Built built = build(image, tag);
  INFO("minify stderr:\n" << built.outcome.err);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.seconds < 60);  // not the --timeout: 8080, where nothing listens, is never waited on
  CHECK(built.report["verify"]["passed"] == true);
  CHECK(built.report["ports"]["listening"] == nlohmann::json::array({8090}));
  REQUIRE(built.report["ports"]["probed"].size() == 1);
  CHECK(built.report["ports"]["probed"][0]["port"] == 8090);
  CHECK(built.report["ports"]["probed"][0]["exposed"] == false);
  CHECK(built.report["ports"]["probed"][0]["via"] == "container address");
  CHECK(built.report["probes"].size() == 4);
  CHECK(built.outcome.out.find("HTTP on 8090 (not exposed, container address)") !=
        std::string::npos);
  CHECK(minify_containers_of(image).empty());
  CHECK(minify_containers_of(tag).empty());
}

TEST_CASE("an app listening on two ports is probed on both, in the order it opened them") {
  std::string image = app_image("vf-two-ports", {8090, 8080});
  std::string tag = unique_tag("vf-two-ports-slim");
  ImageCleanup cleanup_image(image), cleanup_tag(tag);
  Built built = build(image, tag, {"--probe", "GET /id"});
  INFO("minify stderr:\n" << built.outcome.err);
  REQUIRE(built.outcome.status == 0);
  CHECK(built.report["verify"]["passed"] == true);
  CHECK(built.report["ports"]["listening"] == nlohmann::json::array({8090, 8080}));
  REQUIRE(built.report["ports"]["probed"].size() == 2);
  CHECK(built.report["ports"]["probed"][0]["port"] == 8090);
  CHECK(built.report["ports"]["probed"][0]["via"] == "container address");
  CHECK(built.report["ports"]["probed"][1]["port"] == 8080);
  CHECK(built.report["ports"]["probed"][1]["via"] == "published");
  std::vector<std::string> names;
  for (const auto& p : built.report["probes"]) names.push_back(p["name"]);
  // The crawl and the user's --probe on the first port; the crawl alone on the second.
  CHECK(names == std::vector<std::string>{"GET /", "GET /now", "GET /id", "GET /gone", "GET /id",
                                          "GET / (port 8080)", "GET /now (port 8080)",
                                          "GET /id (port 8080)", "GET /gone (port 8080)"});
  CHECK(minify_containers_of(image).empty());
  CHECK(minify_containers_of(tag).empty());
}
