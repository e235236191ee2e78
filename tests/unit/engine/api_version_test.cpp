#include "engine/api_version.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "engine/engine_error.h"

using namespace minify::engine;

TEST_CASE("API versions parse and compare numerically") {
  CHECK(ApiVersion::parse("1.41") == ApiVersion{1, 41});
  CHECK(ApiVersion::parse("1.9") < ApiVersion::parse("1.10"));
  CHECK(ApiVersion{1, 41}.to_string() == "1.41");
  CHECK_THROWS_AS(ApiVersion::parse("1"), std::invalid_argument);
  CHECK_THROWS_AS(ApiVersion::parse("v1.41"), std::invalid_argument);
  CHECK_THROWS_AS(ApiVersion::parse("1.x"), std::invalid_argument);
  CHECK_THROWS_AS(ApiVersion::parse(""), std::invalid_argument);
}

TEST_CASE("negotiation uses the engine's version, capped at the newest minify knows") {
  CHECK(negotiate_api_version("1.41", "1.12", "unix:///s") == ApiVersion{1, 41});
  CHECK(negotiate_api_version("1.40", "", "unix:///s") == ApiVersion{1, 40});
  CHECK(negotiate_api_version("1.45", "1.24", "unix:///s") == kMaximumApiVersion);
}

TEST_CASE("an engine older than the minimum is refused with a clear message") {
  try {
    negotiate_api_version("1.39", "1.12", "unix:///var/run/docker.sock");
    FAIL("accepted API 1.39");
  } catch (const EngineError& e) {
    CHECK(e.kind() == ErrorKind::kApiTooOld);
    CHECK(std::string(e.what()) ==
          "the Docker engine at unix:///var/run/docker.sock speaks API 1.39, but minify needs at "
          "least 1.40 (Docker 19.03 or later); upgrade the engine");
  }
}

TEST_CASE("an engine that no longer speaks minify's newest API is refused") {
  CHECK_THROWS_WITH(negotiate_api_version("1.60", "1.50", "tcp://h:2375"),
                    doctest::Contains("needs API 1.50 or later"));
}

TEST_CASE("a version that is not one is a protocol error") {
  try {
    negotiate_api_version("banana", "", "unix:///s");
    FAIL("accepted");
  } catch (const EngineError& e) {
    CHECK(e.kind() == ErrorKind::kProtocol);
  }
}
