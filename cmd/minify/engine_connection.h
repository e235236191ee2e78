#pragma once
// The engine a command talks to, chosen once per run: the global -H/--host and --context flags
// of every command that talks to the engine, then DOCKER_HOST, DOCKER_CONTEXT and the docker
// CLI's current context (engine/endpoint_resolution.h). An ssh:// endpoint gets its tunnel here,
// open for as long as the connection object lives.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "engine/endpoint_resolution.h"
#include "engine/engine_client.h"
#include "engine/ssh_tunnel.h"

namespace minify::cli {

// Adds -H/--host and --context to `cmd`, docker's spelling.
void add_engine_flags(CLI::App& cmd, engine::EndpointFlags& flags);

class EngineConnection {
 public:
  // Resolves the endpoint (std::invalid_argument on a bad one) and, for ssh, opens the tunnel
  // (EngineError when ssh cannot log in).
  explicit EngineConnection(const engine::EndpointFlags& flags);

  const engine::EndpointChoice& choice() const { return choice_; }
  // The endpoint to give EngineClient (an ssh one with its tunnel's socket).
  const engine::Endpoint& endpoint() const;
  // A client of the engine; an ssh failure adds what ssh or the remote docker said.
  engine::EngineClient client() const;
  // For the run's watch, in its own process after the run died (pipeline::RunWatch's
  // EngineAfterRun): with ssh, ends the dead run's tunnel and calls `use` with a client over a
  // tunnel of its own, closed after; otherwise `use` gets a client of the same endpoint.
  void after_run(const std::function<void(const engine::Engine&)>& use) const;

 private:
  engine::EndpointChoice choice_;
  std::unique_ptr<engine::SshTunnel> tunnel_;
};

}  // namespace minify::cli
