#include "engine/endpoint.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <optional>
#include <stdexcept>
#include <string>

using minify::engine::Endpoint;

namespace {

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string rejection(std::string_view uri) {
  try {
    Endpoint::parse(uri);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("unix:// gives the socket path") {
  Endpoint e = Endpoint::parse("unix:///run/user/1000/docker.sock");
  CHECK(e.kind == Endpoint::Kind::kUnix);
  CHECK(e.socket_path == "/run/user/1000/docker.sock");
  CHECK(e.uri() == "unix:///run/user/1000/docker.sock");
}

TEST_CASE("tcp:// gives host and port, 2375 by default") {
  Endpoint e = Endpoint::parse("tcp://10.0.0.5:2376");
  CHECK(e.kind == Endpoint::Kind::kTcp);
  CHECK(e.host == "10.0.0.5");
  CHECK(e.port == 2376);
  CHECK(e.uri() == "tcp://10.0.0.5:2376");

  Endpoint no_port = Endpoint::parse("tcp://docker.example");
  CHECK(no_port.host == "docker.example");
  CHECK(no_port.port == 2375);

  CHECK(Endpoint::parse("tcp://host:1234/").port == 1234);
}

TEST_CASE("tcp:// takes an IPv6 address in brackets") {
  Endpoint e = Endpoint::parse("tcp://[::1]:2375");
  CHECK(e.host == "::1");
  CHECK(e.port == 2375);
  CHECK(e.uri() == "tcp://[::1]:2375");
  CHECK(Endpoint::parse("tcp://[fe80::1]").port == 2375);
}

TEST_CASE("other schemes and malformed addresses are rejected with a message saying why") {
  CHECK(rejection("ssh://user@host").find("scheme 'ssh' is not supported") != std::string::npos);
  CHECK(rejection("npipe:////./pipe/docker_engine").find("'npipe'") != std::string::npos);
  CHECK(rejection("http://host:2375").find("'http'") != std::string::npos);
  CHECK(rejection("/var/run/docker.sock").find("no scheme") != std::string::npos);
  CHECK(rejection("unix://docker.sock").find("absolute") != std::string::npos);
  CHECK(rejection("unix://").find("absolute") != std::string::npos);
  CHECK(rejection("tcp://").find("no host") != std::string::npos);
  CHECK(rejection("tcp://host:").find("bad port") != std::string::npos);
  CHECK(rejection("tcp://host:99999").find("bad port") != std::string::npos);
  CHECK(rejection("tcp://host:12ab").find("bad port") != std::string::npos);
  CHECK(rejection("tcp://::1:2375").find("brackets") != std::string::npos);
  CHECK(rejection("tcp://[::1").find("unclosed") != std::string::npos);
  CHECK(rejection("tcp://host:2375/path").find("no path") != std::string::npos);
  // Every rejection names the input and the accepted forms.
  CHECK(rejection("ssh://x").find("'ssh://x'") != std::string::npos);
  CHECK(rejection("ssh://x").find("unix:///path/to/docker.sock or tcp://host:port") !=
        std::string::npos);
}

TEST_CASE("DOCKER_HOST decides the endpoint; unset or empty means the default socket") {
  ScopedEnv tls("DOCKER_TLS_VERIFY", std::nullopt);
  {
    ScopedEnv host("DOCKER_HOST", std::nullopt);
    CHECK(Endpoint::from_environment().uri() == "unix:///var/run/docker.sock");
  }
  {
    ScopedEnv host("DOCKER_HOST", "");
    CHECK(Endpoint::from_environment().uri() == "unix:///var/run/docker.sock");
  }
  {
    ScopedEnv host("DOCKER_HOST", "tcp://127.0.0.1:2375");
    CHECK(Endpoint::from_environment().uri() == "tcp://127.0.0.1:2375");
  }
  {
    ScopedEnv host("DOCKER_HOST", "ssh://me@box");
    CHECK_THROWS_AS(Endpoint::from_environment(), std::invalid_argument);
  }
}

TEST_CASE("DOCKER_TLS_VERIFY with a tcp host is refused: minify speaks plain HTTP only") {
  ScopedEnv host("DOCKER_HOST", "tcp://127.0.0.1:2376");
  ScopedEnv tls("DOCKER_TLS_VERIFY", "1");
  CHECK_THROWS_WITH_AS(Endpoint::from_environment(), doctest::Contains("plain HTTP only"),
                       std::invalid_argument);
}
