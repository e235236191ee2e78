#pragma once
// Which engine endpoint applies, decided once (in cmd/minify) as the docker CLI decides it:
//   1. -H/--host or --context (both given: an error, as docker says);
//   2. DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH);
//   3. DOCKER_CONTEXT;
//   4. "currentContext" in config.json of DOCKER_CONFIG (default ~/.docker), as `docker context
//      use` sets it;
//   5. the "default" context: unix:///var/run/docker.sock.
// The context named "default" is step 5 (with -H/DOCKER_HOST already ruled out).

#include <filesystem>
#include <string>

#include "engine/endpoint.h"

namespace minify::engine {

// The variables that decide; "" stands for unset, as docker treats an empty one.
struct EndpointEnvironment {
  std::string docker_host;
  std::string docker_context;
  std::string docker_config;      // the CLI's config folder; "" means $HOME/.docker
  std::string docker_tls_verify;  // non-empty: TLS, the engine's certificate verified
  std::string docker_tls;         // non-empty: TLS, not verified (unless DOCKER_TLS_VERIFY)
  std::string docker_cert_path;   // ca.pem, cert.pem, key.pem; "" means the config folder
  std::string home;

  static EndpointEnvironment current();  // this process's environment
  std::filesystem::path config_dir() const;
};

struct EndpointFlags {
  std::string host;     // -H/--host
  std::string context;  // --context
};

struct EndpointChoice {
  Endpoint endpoint;
  // How it was chosen, for `minify version` and messages: "-H", "DOCKER_HOST",
  // "context 'x' from --context", "context 'x' from DOCKER_CONTEXT",
  // "context 'x' from /root/.docker/config.json", "default".
  std::string chosen_by;
};

// Throws std::invalid_argument with one line: both flags, a malformed address, an unknown
// context, an unreadable config.json or meta.json, a TLS file that is missing.
EndpointChoice resolve_endpoint(const EndpointFlags& flags, const EndpointEnvironment& env);

}  // namespace minify::engine
