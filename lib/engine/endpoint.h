#pragma once
// Where the Docker engine listens: a unix socket or a plain TCP address, as DOCKER_HOST spells it.

#include <string>
#include <string_view>

namespace minify::engine {

struct Endpoint {
  enum class Kind { kUnix, kTcp };

  Kind kind = Kind::kUnix;
  std::string socket_path = "/var/run/docker.sock";  // kUnix: absolute path of the socket
  std::string host;                                  // kTcp: name or address (no brackets)
  int port = 0;                                      // kTcp: 1..65535

  // "unix:///path" or "tcp://host[:port]" (port defaults to 2375; "[::1]:2375" for IPv6).
  // Anything else (ssh://, npipe://, http://, a bare path, a relative socket path) throws
  // std::invalid_argument with a one-line message naming what was given and what is accepted.
  static Endpoint parse(std::string_view uri);

  // DOCKER_HOST when set and non-empty, else unix:///var/run/docker.sock. DOCKER_TLS_VERIFY set
  // to a non-empty value with a tcp:// host throws: minify speaks plain HTTP only.
  static Endpoint from_environment();

  // The canonical URI, as used in every message: "unix:///var/run/docker.sock", "tcp://h:2375".
  std::string uri() const;

  bool operator==(const Endpoint&) const = default;
};

}  // namespace minify::engine
