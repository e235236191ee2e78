#include "engine/endpoint_resolution.h"

#include <cstdlib>
#include <stdexcept>

#include "engine/docker_context.h"
#include "errors/usage_error.h"

namespace minify::engine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultSocket = "unix:///var/run/docker.sock";

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The default context's endpoint: `host` (from -H or DOCKER_HOST, or the default socket) with
// the TLS the environment asks for. As the docker CLI, TLS applies to tcp:// only, cert.pem and
// key.pem are used when present, and ca.pem must be there to verify against.
Endpoint default_endpoint(const std::string& host, const EndpointEnvironment& env) {
  bool verify = !env.docker_tls_verify.empty();
  bool tls = verify || !env.docker_tls.empty();
  Endpoint endpoint = Endpoint::parse(host, tls);
  if (!tls || endpoint.kind != Endpoint::Kind::kTcp) return endpoint;

  fs::path dir = env.docker_cert_path.empty() ? env.config_dir() : fs::path(env.docker_cert_path);
  const char* set_by = !env.docker_cert_path.empty() ? "DOCKER_CERT_PATH" : "the config folder";
  std::error_code ec;
  auto present = [&](const char* base) {
    fs::path path = dir / base;
    return fs::exists(path, ec) ? path.string() : std::string();
  };
  TlsFiles files{verify ? present("ca.pem") : std::string(), present("cert.pem"),
                 present("key.pem"), verify};
  std::string variable_name = verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS";
  if (verify && files.ca.empty())
    throw std::invalid_argument(variable_name + " is set for " + endpoint.uri() + ", but " +
                                (dir / "ca.pem").string() + " (" + set_by +
                                ") does not exist: put the engine's CA there or set "
                                "DOCKER_CERT_PATH");
  if (files.cert.empty() != files.key.empty())
    throw std::invalid_argument(variable_name + " is set for " + endpoint.uri() + ", but " +
                                dir.string() + " has " + (files.cert.empty() ? "key" : "cert") +
                                ".pem without " + (files.cert.empty() ? "cert" : "key") + ".pem");
  endpoint.tls = files;
  return endpoint;
}

EndpointChoice from_context(const std::string& name, const std::string& from,
                            const EndpointEnvironment& env) {
  std::string chosen_by = "context '" + name + "' from " + from;
  if (name == "default") return {default_endpoint(kDefaultSocket, env), chosen_by};
  return {read_docker_context(env.config_dir(), name), chosen_by};
}

}  // namespace

EndpointEnvironment EndpointEnvironment::current() {
  return {variable("DOCKER_HOST"),   variable("DOCKER_CONTEXT"),
          variable("DOCKER_CONFIG"), variable("DOCKER_TLS_VERIFY"),
          variable("DOCKER_TLS"),    variable("DOCKER_CERT_PATH"),
          variable("HOME")};
}

fs::path EndpointEnvironment::config_dir() const {
  if (!docker_config.empty()) return docker_config;
  return fs::path(home.empty() ? "/" : home) / ".docker";
}

EndpointChoice resolve_endpoint(const EndpointFlags& flags, const EndpointEnvironment& env) {
  // A usage error (exit 2): the command line asks for two endpoints at once.
  if (!flags.host.empty() && !flags.context.empty())
    throw UsageError("conflicting options: either specify --host or --context, not both");
  if (!flags.context.empty()) return from_context(flags.context, "--context", env);
  if (!flags.host.empty()) return {default_endpoint(flags.host, env), "-H"};
  if (!env.docker_host.empty()) return {default_endpoint(env.docker_host, env), "DOCKER_HOST"};
  if (!env.docker_context.empty()) return from_context(env.docker_context, "DOCKER_CONTEXT", env);
  fs::path config = env.config_dir() / "config.json";
  std::string current = current_context_name(env.config_dir());
  if (!current.empty()) {
    try {
      return from_context(current, config.string(), env);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string(e.what()) + "; it is the current context in " +
                                  config.string() + " (docker context use default resets it)");
    }
  }
  return {default_endpoint(kDefaultSocket, env), "default"};
}

Endpoint Endpoint::from_environment() {
  return resolve_endpoint({}, EndpointEnvironment::current()).endpoint;
}

}  // namespace minify::engine
