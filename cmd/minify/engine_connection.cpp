#include "minify/engine_connection.h"

namespace minify::cli {

void add_engine_flags(CLI::App& cmd, engine::EndpointFlags& flags) {
  cmd.add_option("-H,--host", flags.host,
                 "The Docker engine to use: unix:///path, tcp://host:port or "
                 "ssh://[user@]host[:port] (default: DOCKER_HOST, DOCKER_CONTEXT, the current "
                 "docker context)");
  cmd.add_option("--context", flags.context,
                 "The docker context to use (docker context ls); overrides DOCKER_HOST");
}

EngineConnection::EngineConnection(const engine::EndpointFlags& flags)
    : choice_(engine::resolve_endpoint(flags, engine::EndpointEnvironment::current())) {
  if (choice_.endpoint.kind == engine::Endpoint::Kind::kSsh)
    tunnel_ = std::make_unique<engine::SshTunnel>(choice_.endpoint);
}

const engine::Endpoint& EngineConnection::endpoint() const {
  return tunnel_ ? tunnel_->endpoint() : choice_.endpoint;
}

void EngineConnection::after_run(const std::function<void(const engine::Engine&)>& use) const {
  if (!tunnel_) {
    use(client());
    return;
  }
  tunnel_->forsake();
  engine::SshTunnel own(choice_.endpoint);
  use(engine::EngineClient(own.endpoint()));
}

engine::EngineClient EngineConnection::client() const {
  try {
    return engine::EngineClient(endpoint());
  } catch (const engine::EngineError& e) {
    std::string said = tunnel_ ? tunnel_->last_message() : std::string();
    if (said.empty()) throw;
    throw engine::EngineError(e.kind(), std::string(e.what()) + " (on the host: " + said + ")",
                              e.http_status(), e.engine_message());
  }
}

}  // namespace minify::cli
