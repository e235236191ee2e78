#include "probe/http_request.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "errors/usage_error.h"

using namespace minify::probe;

TEST_CASE("probe specs parse into method, path and body") {
  auto r = parse_http_request("get /quote");
  CHECK(r.method == "GET");
  CHECK(r.path == "/quote");
  CHECK(r.body.empty());
  auto p = parse_http_request("POST /api/items {\"name\": \"a b\"}");
  CHECK(p.method == "POST");
  CHECK(p.path == "/api/items");
  CHECK(p.body == "{\"name\": \"a b\"}");
  CHECK(p.name() == "POST /api/items");
}

TEST_CASE("malformed probe specs are one-line errors") {
  CHECK_THROWS_AS(parse_http_request("GET"), minify::UsageError);
  CHECK_THROWS_AS(parse_http_request("GET quote"), minify::UsageError);
  CHECK_THROWS_AS(parse_http_request("G3T /"), minify::UsageError);
  CHECK_THROWS_AS(parse_http_request(""), minify::UsageError);
}

TEST_CASE("a probe file holds one spec a line, with comments") {
  std::string path = "/tmp/minify-probe-file-" + std::to_string(::getpid());
  {
    std::ofstream out(path);
    out << "# routes\n\nGET /a\n  POST /b x=1\n";
  }
  auto requests = read_probe_file(path);
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].name() == "GET /a");
  CHECK(requests[1].body == "x=1");
  {
    std::ofstream out(path);
    out << "GET /a\nnonsense\n";
  }
  try {
    read_probe_file(path);
    FAIL("expected an error");
  } catch (const minify::UsageError& e) {  // a bad line is a usage error (exit 2)
    CHECK(std::string(e.what()).find(":2:") != std::string::npos);
  }
  std::remove(path.c_str());
  CHECK_THROWS_AS(read_probe_file(path), std::runtime_error);
}
