#include "engine/endpoint.h"

#include <charconv>
#include <stdexcept>
#include <string>

namespace minify::engine {
namespace {

constexpr std::string_view kUnixScheme = "unix://";
constexpr std::string_view kTcpScheme = "tcp://";
constexpr std::string_view kSshScheme = "ssh://";
constexpr int kPlainTcpPort = 2375;  // dockerd's plain-HTTP port
constexpr int kTlsTcpPort = 2376;    // dockerd's TLS port

[[noreturn]] void reject(std::string_view uri, std::string_view why) {
  throw std::invalid_argument(
      "invalid Docker engine address '" + std::string(uri) + "': " + std::string(why) +
      " (expected unix:///path/to/docker.sock, tcp://host:port or ssh://[user@]host[:port])");
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

// "host", "host:port", "[v6]" or "[v6]:port" into `endpoint`; the port stays as it is when absent.
void parse_host_port(std::string_view uri, std::string_view rest, Endpoint& endpoint) {
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
}

Endpoint parse_tcp(std::string_view uri, std::string_view rest, bool tls) {
  // Docker accepts a trailing slash ("tcp://host:2375/"); a path beyond it means nothing here.
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) reject(uri, "a tcp address has no path");
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kTcp;
  endpoint.socket_path.clear();
  endpoint.port = tls ? kTlsTcpPort : kPlainTcpPort;
  parse_host_port(uri, rest, endpoint);
  return endpoint;
}

// As the docker CLI: a user, a host and a port, nothing else (no password, no path, no query).
Endpoint parse_ssh(std::string_view uri, std::string_view rest) {
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#") != std::string_view::npos)
    reject(uri, "an ssh address has no path or query");
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kSsh;
  endpoint.socket_path.clear();
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    endpoint.user = std::string(rest.substr(0, at));
    if (endpoint.user.empty()) reject(uri, "an empty user name before '@'");
    if (endpoint.user.find(':') != std::string::npos)
      reject(uri, "a password in the address is not supported: use ssh keys or an agent");
    rest = rest.substr(at + 1);
  }
  parse_host_port(uri, rest, endpoint);
  // ssh would read a host starting with '-' as an option.
  if (endpoint.host.front() == '-') reject(uri, "a host cannot start with '-'");
  return endpoint;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

Endpoint Endpoint::parse(std::string_view uri, bool tls) {
  if (uri.starts_with(kUnixScheme)) {
    auto path = uri.substr(kUnixScheme.size());
    if (path.empty() || path.front() != '/') reject(uri, "the socket path must be absolute");
    Endpoint endpoint;
    endpoint.kind = Kind::kUnix;
    endpoint.socket_path = std::string(path);
    return endpoint;
  }
  if (uri.starts_with(kTcpScheme)) return parse_tcp(uri, uri.substr(kTcpScheme.size()), tls);
  if (uri.starts_with(kSshScheme)) return parse_ssh(uri, uri.substr(kSshScheme.size()));
  auto scheme_end = uri.find("://");
  if (scheme_end != std::string_view::npos) {
    reject(uri, "scheme '" + std::string(uri.substr(0, scheme_end)) + "' is not supported");
  }
  reject(uri, "no scheme");
}

std::string Endpoint::uri() const {
  switch (kind) {
    case Kind::kUnix:
      return std::string(kUnixScheme) + socket_path;
    case Kind::kTcp:
      return std::string(kTcpScheme) + bracketed(host) + ":" + std::to_string(port);
    case Kind::kSsh:
      return std::string(kSshScheme) + (user.empty() ? "" : user + "@") + bracketed(host) +
             (port == 0 ? "" : ":" + std::to_string(port));
  }
  return {};
}

std::string Endpoint::describe() const {
  if (!tls) return uri();
  std::string how = tls->verify ? "TLS" : "TLS, the engine's certificate not verified";
  if (!tls->cert.empty()) how += ", client certificate";
  return uri() + " (" + how + ")";
}

bool Endpoint::on_this_machine() const {
  if (kind == Kind::kUnix) return true;
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string Endpoint::published_host() const {
  return on_this_machine() ? "127.0.0.1" : host;
}

}  // namespace minify::engine
