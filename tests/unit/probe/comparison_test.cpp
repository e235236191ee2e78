#include "probe/comparison.h"

#include <doctest/doctest.h>

using namespace minify::probe;

namespace {
ProbeResult http(std::string name, int status, std::string body) {
  ProbeResult r;
  r.name = std::move(name);
  r.answered = true;
  r.status = status;
  r.output = std::move(body);
  return r;
}
}  // namespace

TEST_CASE("identical runs have no mismatch") {
  std::vector<ProbeResult> a{http("GET /", 200, "hi"), http("GET /x", 404, "")};
  CHECK(compare_runs(a, {}, a, {}).empty());
}

TEST_CASE("status, body, answer and count differences are reported") {
  std::vector<ProbeResult> a{http("GET /", 200, "hello"), http("GET /q", 200, "x")};
  std::vector<ProbeResult> b{http("GET /", 200, "help!"), http("GET /q", 500, "x")};
  auto m = compare_runs(a, {}, b, {});
  REQUIRE(m.size() == 2);
  CHECK(m[0].name == "GET /");
  CHECK(m[0].what.find("byte 3") != std::string::npos);
  CHECK(m[1].what == "status 200 -> 500");

  CHECK(compare_runs(a, {}, b, {.ignore_body = true}).size() == 1);

  ProbeResult dead = a[0];
  dead.answered = false;
  dead.error = "Connection";
  auto n = compare_runs({a[0]}, {}, {dead}, {});
  REQUIRE(n.size() == 1);
  CHECK(n[0].what.find("no answer") != std::string::npos);

  CHECK(compare_runs(a, {}, {a[0]}, {}).size() == 1);
}

TEST_CASE("ignoring bodies never ignores a command's stdout") {
  ProbeResult a = http("exec: date", 0, "mon");
  a.kind = ProbeKind::kExec;
  ProbeResult b = a;
  b.output = "tue";
  CHECK(compare_runs({a}, {}, {b}, {.ignore_body = true}).size() == 1);
}

TEST_CASE("a difference the original shows by itself is not a mismatch; any other is") {
  ProbeResult first = http("GET /now", 200, "<p>time 13:20:01.123456</p><p>id 3f9a2c</p>");
  ProbeResult second = http("GET /now", 200, "<p>time 13:20:02.004521</p><p>id b71e09</p>");
  ProbeResult slim = http("GET /now", 200, "<p>time 13:21:17.990001</p><p>id 0c44aa</p>");
  CHECK(compare_runs({first}, {second}, {slim}, {}).empty());
  // Without the second answer, the same slim answer is a mismatch: nothing says the time varies.
  CHECK(compare_runs({first}, {}, {slim}, {}).size() == 1);

  ProbeResult broken = http("GET /now", 200, "<p>time 13:21:17.990001</p><p>error</p>");
  auto m = compare_runs({first}, {second}, {broken}, {});
  REQUIRE(m.size() == 1);
  CHECK(m[0].what.find("original \"") != std::string::npos);
  CHECK(m[0].what.find("error") != std::string::npos);
}

TEST_CASE("a status the original gave in either run is accepted, another is not") {
  ProbeResult first = http("GET /flaky", 200, "ok");
  ProbeResult second = http("GET /flaky", 503, "ok");
  CHECK(compare_runs({first}, {second}, {http("GET /flaky", 503, "ok")}, {}).empty());
  auto m = compare_runs({first}, {second}, {http("GET /flaky", 500, "ok")}, {});
  REQUIRE(m.size() == 1);
  CHECK(m[0].what == "status 200 -> 500");
}

TEST_CASE("the compared headers must be one the original sent") {
  ProbeResult a = http("GET /", 200, "x");
  a.headers = {"Content-Type: text/html"};
  ProbeResult b = a;
  b.headers = {"Content-Type: text/plain"};
  auto m = compare_runs({a}, {a}, {b}, {});
  REQUIRE(m.size() == 1);
  CHECK(m[0].what == "header Content-Type: text/html -> text/plain");
  CHECK(compare_runs({a}, {a}, {b}, {.ignore_body = true}).empty());
}
