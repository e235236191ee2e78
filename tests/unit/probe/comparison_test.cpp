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
  CHECK(compare_runs(a, a, {}).empty());
}

TEST_CASE("status, body, answer and count differences are reported") {
  std::vector<ProbeResult> a{http("GET /", 200, "hello"), http("GET /q", 200, "x")};
  std::vector<ProbeResult> b{http("GET /", 200, "help!"), http("GET /q", 500, "x")};
  auto m = compare_runs(a, b, {});
  REQUIRE(m.size() == 2);
  CHECK(m[0].name == "GET /");
  CHECK(m[0].what.find("byte 3") != std::string::npos);
  CHECK(m[1].what == "status 200 -> 500");

  CHECK(compare_runs(a, b, {.ignore_body = true}).size() == 1);

  ProbeResult dead = a[0];
  dead.answered = false;
  dead.error = "Connection";
  auto n = compare_runs({a[0]}, {dead}, {});
  REQUIRE(n.size() == 1);
  CHECK(n[0].what.find("no answer") != std::string::npos);

  CHECK(compare_runs(a, {a[0]}, {}).size() == 1);
}

TEST_CASE("ignoring bodies never ignores a command's stdout") {
  ProbeResult a = http("exec: date", 0, "mon");
  a.kind = ProbeKind::kExec;
  ProbeResult b = a;
  b.output = "tue";
  CHECK(compare_runs({a}, {b}, {.ignore_body = true}).size() == 1);
}
