#pragma once
// Running the build's probes against a running container: first on the original (under the
// sensor), once more on the original right after (to learn what it varies by itself), then the
// very same requests and commands on the slim image (verify).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "pipeline/app_container.h"
#include "probe/http_probe.h"
#include "probe/probe_result.h"

namespace minify::pipeline {

struct ProbePlan {
  // HTTP probing: on `http_port` when set (--probe-port), else on every TCP port the app listens
  // on, as the sensor reports them, in the order the app opened them.
  bool http = false;
  std::optional<int> http_port;
  bool crawl = true;  // GET / and links on each port (false: only the user's requests)
  std::vector<probe::HttpRequest> requests;  // sent to the first port
  probe::CrawlLimits limits;
  std::vector<std::string> exec_commands;
  std::vector<std::string> host_commands;
  std::chrono::milliseconds ready_timeout{300'000};
  std::chrono::milliseconds request_timeout{30'000};
  std::string exec_user;  // the image's USER, for exec probes
  // Where published ports are reached from here, and whether a container's bridge address is
  // (not for a remote engine): AnalysisOptions' fields of the same names.
  std::string published_host = "127.0.0.1";
  bool container_addresses_reachable = true;

  bool empty() const { return !http && exec_commands.empty() && host_commands.empty(); }
};

// How a container port was reached: through the port the engine published (the image exposes
// it), or at the container's own address on the bridge network (it does not).
enum class PortRoute { kPublished, kContainerAddress };
std::string_view route_name(PortRoute route);

// The HTTP exchanges made on one container port.
struct PortExchanges {
  int port = 0;
  PortRoute route = PortRoute::kPublished;
  std::vector<probe::HttpExchange> http = {};
};

// What one run of the plan saw, in order: HTTP exchanges port by port, then exec, then host
// commands.
struct ProbeLog {
  std::vector<PortExchanges> ports;
  std::vector<probe::ProbeResult> results;  // every probe, http included
  std::vector<std::string> notes;  // e.g. a port the app listens on that does not speak HTTP
};

class ProbeRunner {
 public:
  // `ports_file`: where the sensor lists the ports the app listens on (analysis run only).
  ProbeRunner(const engine::Engine& engine, const ProbePlan& plan, const std::atomic<bool>* cancel,
              std::string ports_file = {})
      : engine_(engine), plan_(plan), cancel_(cancel), ports_file_(std::move(ports_file)) {}

  // The analysis run: waits until the app listens (the sensor's ports file) and answers, then
  // crawls each port and sends the user's requests, runs the exec and host commands. Throws
  // AppExited when the app dies first, probe::NotReadyError at the timeout, Interrupted on Ctrl-C.
  ProbeLog run(const AppContainer& app) const;
  // Replays exactly `sent`: its ports and requests, its exec commands, and its host commands
  // when `host_commands` (the repeat on the original leaves them out: they may be a whole test
  // suite, and run beside the app, not in it). Throws like run().
  ProbeLog replay(const AppContainer& app, const ProbeLog& sent, bool host_commands) const;

 private:
  probe::Endpoint reach(const AppContainer& app, int port, PortRoute& route) const;
  std::vector<int> listening_ports(const AppContainer& app) const;
  void run_commands(const AppContainer& app, ProbeLog& log, bool host_commands) const;
  probe::ProbeResult exec_probe(const AppContainer& app, const std::string& command) const;

  const engine::Engine& engine_;
  const ProbePlan& plan_;
  const std::atomic<bool>* cancel_;
  std::string ports_file_;
};

}  // namespace minify::pipeline
