#include "engine/endpoint.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace minify::engine {
namespace {

constexpr std::string_view kUnixScheme = "unix://";
constexpr std::string_view kTcpScheme = "tcp://";
constexpr int kDefaultTcpPort = 2375;  // dockerd's plain-HTTP port

[[noreturn]] void reject(std::string_view uri, std::string_view why) {
  throw std::invalid_argument("invalid Docker engine address '" + std::string(uri) +
                              "': " + std::string(why) +
                              " (expected unix:///path/to/docker.sock or tcp://host:port)");
}

int parse_port(std::string_view uri, std::string_view text) {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535) {
    reject(uri, "bad port '" + std::string(text) + "'");
  }
  return port;
}

Endpoint parse_tcp(std::string_view uri, std::string_view rest) {
  // Docker accepts a trailing slash ("tcp://host:2375/"); a path beyond it means nothing here.
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) reject(uri, "a tcp address has no path");
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kTcp;
  endpoint.socket_path.clear();
  endpoint.port = kDefaultTcpPort;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string_view::npos) reject(uri, "unclosed '[' in the host");
    endpoint.host = std::string(rest.substr(1, close - 1));
    auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') reject(uri, "expected ':port' after ']'");
      endpoint.port = parse_port(uri, after.substr(1));
    }
  } else {
    auto colon = rest.rfind(':');
    if (colon != std::string_view::npos) {
      if (rest.find(':') != colon) reject(uri, "put an IPv6 address in brackets: tcp://[::1]:2375");
      endpoint.host = std::string(rest.substr(0, colon));
      endpoint.port = parse_port(uri, rest.substr(colon + 1));
    } else {
      endpoint.host = std::string(rest);
    }
  }
  if (endpoint.host.empty()) reject(uri, "no host");
  return endpoint;
}

}  // namespace

Endpoint Endpoint::parse(std::string_view uri) {
  if (uri.starts_with(kUnixScheme)) {
    auto path = uri.substr(kUnixScheme.size());
    if (path.empty() || path.front() != '/') reject(uri, "the socket path must be absolute");
    Endpoint endpoint;
    endpoint.kind = Kind::kUnix;
    endpoint.socket_path = std::string(path);
    return endpoint;
  }
  if (uri.starts_with(kTcpScheme)) return parse_tcp(uri, uri.substr(kTcpScheme.size()));
  auto scheme_end = uri.find("://");
  if (scheme_end != std::string_view::npos) {
    reject(uri, "scheme '" + std::string(uri.substr(0, scheme_end)) + "' is not supported");
  }
  reject(uri, "no scheme");
}

Endpoint Endpoint::from_environment() {
  const char* host = std::getenv("DOCKER_HOST");
  if (host == nullptr || *host == '\0') return Endpoint{};
  Endpoint endpoint = parse(host);
  const char* tls = std::getenv("DOCKER_TLS_VERIFY");
  if (endpoint.kind == Kind::kTcp && tls != nullptr && *tls != '\0') {
    throw std::invalid_argument("DOCKER_TLS_VERIFY is set for " + endpoint.uri() +
                                ", but minify speaks plain HTTP only; use a unix socket or an "
                                "unencrypted tcp:// address");
  }
  return endpoint;
}

std::string Endpoint::uri() const {
  if (kind == Kind::kUnix) return std::string(kUnixScheme) + socket_path;
  bool ipv6 = host.find(':') != std::string::npos;
  return std::string(kTcpScheme) + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace minify::engine
