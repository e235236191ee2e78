#pragma once
// Where the Docker engine listens and how to speak to it: a unix socket, a TCP address (plain or
// TLS), or an ssh host whose `docker system dial-stdio` relays the API, as DOCKER_HOST spells it.
// Which endpoint applies (flags, DOCKER_HOST, contexts) is engine/endpoint_resolution.h's job.

#include <optional>
#include <string>
#include <string_view>

namespace minify::engine {

// TLS on a tcp:// endpoint: the files are PEM, read when a connection is made.
struct TlsFiles {
  std::string ca;    // the CA that signed the engine's certificate; "": the system's CAs
  std::string cert;  // the client certificate and its key; both "" when none is presented
  std::string key;
  bool verify = true;  // false: the engine's certificate is not checked (DOCKER_TLS without
                       // DOCKER_TLS_VERIFY, a context's SkipTLSVerify)

  bool operator==(const TlsFiles&) const = default;
};

struct Endpoint {
  enum class Kind { kUnix, kTcp, kSsh };

  Kind kind = Kind::kUnix;
  // kUnix: absolute path of the engine's socket. kSsh: the local socket of the SshTunnel that
  // relays to the host (engine/ssh_tunnel.h); empty until a tunnel is open.
  std::string socket_path = "/var/run/docker.sock";
  std::string host;             // kTcp, kSsh: name or address (no brackets)
  int port = 0;                 // kTcp: 1..65535; kSsh: 0 means ssh's own default (22 or config)
  std::string user;             // kSsh: the login name; "" means ssh's own default
  std::optional<TlsFiles> tls;  // kTcp only

  // "unix:///path", "tcp://host[:port]" (port 2375, or 2376 when `tls`; "[::1]:2375" for IPv6),
  // or "ssh://[user@]host[:port]". Anything else (npipe://, http://, a bare path, a relative
  // socket path, an ssh path) throws std::invalid_argument with a one-line message naming what
  // was given and what is accepted.
  static Endpoint parse(std::string_view uri, bool tls = false);

  // The endpoint the docker CLI would use with no flags (engine/endpoint_resolution.h's
  // resolve_endpoint on this process's environment). Throws std::invalid_argument like it.
  static Endpoint from_environment();

  // The canonical URI, as used in every message: "unix:///var/run/docker.sock", "tcp://h:2376",
  // "ssh://me@box:2222". TLS is not part of it (see describe()).
  std::string uri() const;
  // uri() and, for TLS, how: "tcp://h:2376 (TLS, client certificate)".
  std::string describe() const;
  // True when the engine runs on this machine: a unix socket, or a tcp/ssh host that is a
  // loopback name (localhost, 127.x.x.x, ::1). Then its bridge networks are reachable from here.
  bool on_this_machine() const;
  // Where a port the engine publishes is reached from here: 127.0.0.1 on this machine, else the
  // tcp or ssh host.
  std::string published_host() const;

  bool operator==(const Endpoint&) const = default;
};

}  // namespace minify::engine
