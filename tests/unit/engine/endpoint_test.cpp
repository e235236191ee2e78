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
  CHECK(rejection("ssh://me@box/var/run").find("no path") != std::string::npos);
  CHECK(rejection("ssh://me:secret@box").find("password") != std::string::npos);
  CHECK(rejection("ssh://@box").find("empty user") != std::string::npos);
  CHECK(rejection("ssh://-oProxyCommand=x").find("'-'") != std::string::npos);
  // Every rejection names the input and the accepted forms.
  CHECK(rejection("npipe://x").find("'npipe://x'") != std::string::npos);
  CHECK(rejection("npipe://x")
            .find("unix:///path/to/docker.sock, tcp://host:port or ssh://[user@]host[:port]") !=
        std::string::npos);
}

TEST_CASE("tcp:// defaults to 2376 with TLS, as dockerd listens") {
  CHECK(Endpoint::parse("tcp://box", true).port == 2376);
  CHECK(Endpoint::parse("tcp://box:2375", true).port == 2375);
}

TEST_CASE("ssh:// gives the user, the host and the port; ssh's defaults when absent") {
  Endpoint e = Endpoint::parse("ssh://me@box.example:2222");
  CHECK(e.kind == Endpoint::Kind::kSsh);
  CHECK(e.user == "me");
  CHECK(e.host == "box.example");
  CHECK(e.port == 2222);
  CHECK(e.uri() == "ssh://me@box.example:2222");
  Endpoint bare = Endpoint::parse("ssh://box/");
  CHECK(bare.user.empty());
  CHECK(bare.port == 0);
  CHECK(bare.uri() == "ssh://box");
  CHECK(Endpoint::parse("ssh://root@[::1]:22").uri() == "ssh://root@[::1]:22");
}

TEST_CASE("published ports are reached on this machine's loopback, or at the remote host") {
  CHECK(Endpoint::parse("unix:///var/run/docker.sock").published_host() == "127.0.0.1");
  CHECK(Endpoint::parse("tcp://127.0.0.1:2376").on_this_machine());
  CHECK(Endpoint::parse("ssh://root@localhost").on_this_machine());
  Endpoint remote = Endpoint::parse("ssh://me@10.0.0.7");
  CHECK_FALSE(remote.on_this_machine());
  CHECK(remote.published_host() == "10.0.0.7");
  CHECK(Endpoint::parse("tcp://docker.example:2376").published_host() == "docker.example");
}

TEST_CASE("DOCKER_HOST decides the endpoint; unset or empty means the default socket") {
  ScopedEnv tls("DOCKER_TLS_VERIFY", std::nullopt);
  ScopedEnv context("DOCKER_CONTEXT", std::nullopt);
  ScopedEnv config("DOCKER_CONFIG", "/nonexistent");
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
    ScopedEnv host("DOCKER_HOST", "npipe:////./pipe/docker_engine");
    CHECK_THROWS_AS(Endpoint::from_environment(), std::invalid_argument);
  }
}
