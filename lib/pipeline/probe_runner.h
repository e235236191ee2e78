#pragma once
// Running the build's probes against a running container: first on the original (under the
// sensor), then the very same requests and commands again on the slim image (verify).

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
  std::optional<int> http_port;  // container port for HTTP; none: no HTTP probing
  bool crawl = true;             // GET / and links (false: only the user's requests)
  std::vector<probe::HttpRequest> requests;
  probe::CrawlLimits limits;
  std::vector<std::string> exec_commands;
  std::vector<std::string> host_commands;
  std::chrono::milliseconds ready_timeout{300'000};
  std::chrono::milliseconds request_timeout{30'000};
  std::string exec_user;  // the image's USER, for exec probes

  bool empty() const { return !http_port && exec_commands.empty() && host_commands.empty(); }
};

// What one run of the plan saw, in order: HTTP exchanges, then exec, then host commands.
struct ProbeLog {
  std::vector<probe::HttpExchange> http;
  std::vector<probe::ProbeResult> results;  // every probe, http included
};

class ProbeRunner {
 public:
  ProbeRunner(const engine::Engine& engine, const ProbePlan& plan, const std::atomic<bool>* cancel)
      : engine_(engine), plan_(plan), cancel_(cancel) {}

  // Waits until the app answers, then runs the plan. `sent` empty: crawl and the user's requests
  // (the analysis run); else replays exactly `sent->http` (the verify run). Throws AppExited when
  // the app dies first, probe::NotReadyError at the timeout, Interrupted on Ctrl-C.
  ProbeLog run(const AppContainer& app, const ProbeLog* sent) const;

 private:
  probe::ProbeResult exec_probe(const AppContainer& app, const std::string& command) const;

  const engine::Engine& engine_;
  const ProbePlan& plan_;
  const std::atomic<bool>* cancel_;
};

}  // namespace minify::pipeline
