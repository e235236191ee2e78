#pragma once
// A container minify creates: labelled `minify` and with its run (so nothing is ever left behind
// unnoticed, and a later run removes it should this one die: leftovers.h), force-removed when the
// object goes, on every way out. Used for the analysis, pack and verify
// containers alike.

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "engine/engine.h"
#include "pipeline/options.h"

namespace minify::pipeline {

inline constexpr const char* kContainerLabel = "minify";

// The app stopped when it should still run (it crashed, or exited at once).
class AppExited : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// TCP ports the image exposes ("8080/tcp" -> 8080), ascending.
std::vector<int> exposed_tcp_ports(const nlohmann::json& image_inspect);

// Sets `limits` in `config` (HostConfig Memory, PidsLimit), the body of POST /containers/create.
void apply_limits(nlohmann::json& config, const ContainerLimits& limits);

// Sets what `run` asks of every container the app runs in (analysis, verify) in `config`, as
// `docker run` would: Env (after the image's), the mounts (HostConfig Binds for a bind, Mounts
// for the others), NetworkMode, ExtraHosts, WorkingDir, CapAdd (added to what is there) and the
// -p port bindings (which AppContainer then leaves as they are). The
// app's argv and user are the caller's: the analysis container hands them to the sensor.
void apply_run_options(nlohmann::json& config, const RunOptions& run);

class AppContainer {
 public:
  // Creates a container from `config` (the body of POST /containers/create) after adding the
  // labels minify=<role> and minify.owner=<this run> (run_owner.h) and, for each of `publish`, a
  // binding to a random port of `publish_address` on the engine's machine.
  AppContainer(const engine::Engine& engine, nlohmann::json config, const std::string& role,
               const std::vector<int>& publish, const std::string& publish_address = "127.0.0.1");
  ~AppContainer();
  AppContainer(const AppContainer&) = delete;
  AppContainer& operator=(const AppContainer&) = delete;

  const std::string& id() const { return id_; }
  void start();
  // Container port -> published host port, known once started.
  const std::map<int, int>& ports() const { return ports_; }
  // Its IPv4 address on the engine's bridge network, known once started; "" when it has none.
  const std::string& address() const { return address_; }
  // Throws AppExited ("<what>: the app exited with status N; its last output: ...") when the
  // container is no longer running.
  void expect_running(const std::string& what) const;
  // The last `max` bytes of the container's stdout and stderr, for error messages.
  std::string output_tail(std::size_t max = 1500) const;
  void remove();
  // Hands the container over (to BackgroundRemovals): returns its id, which this object no longer
  // removes. "" when it was removed already.
  std::string release();

 private:
  const engine::Engine& engine_;
  std::string id_;
  std::map<int, int> ports_;
  std::string address_;
};

}  // namespace minify::pipeline
