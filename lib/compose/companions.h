#pragma once
// The services a compose service needs, started through the engine for one minify run, as
// `docker compose run SERVICE` starts them, and torn down with this object: its containers, then
// the networks and volumes it made (a network or volume that existed, or is declared external,
// is left as it was). Everything it makes carries the `minify` and `minify.owner` labels
// (pipeline/run_owner.h), so that a run killed outright loses none of it (pipeline/leftovers.h).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "compose/compose_file.h"
#include "engine/engine.h"
#include "pipeline/app_container.h"
#include "pipeline/run_volumes.h"
#include "progress/progress_reporter.h"

namespace minify::compose {

// The run options of `service` as the project runs it: its own, on its first network (the
// engine's name of it). Throws ComposeError for a service on more than one network (minify
// attaches a container to one).
pipeline::RunOptions service_run(const Project& project, const Service& service);

class Companions {
 public:
  // Makes the networks and volumes that `service` and its dependencies use, then starts its
  // dependencies (start_order) one by one, each on its network under its service name, waiting
  // for its depends_on condition (running; healthy, by its healthcheck or its image's;
  // exited 0) within `timeout`. Throws ComposeError (or engine::EngineError) in one line naming
  // the service; pipeline::Interrupted when `cancel` is raised. What was made is removed first.
  Companions(const engine::Engine& engine, const Project& project, const std::string& service,
             progress::ProgressReporter& progress, std::chrono::seconds timeout,
             const std::atomic<bool>* cancel);
  ~Companions();
  Companions(const Companions&) = delete;
  Companions& operator=(const Companions&) = delete;

 private:
  void start_all(const Project& project, const std::string& service,
                 progress::ProgressReporter& progress, std::chrono::seconds timeout,
                 const std::atomic<bool>* cancel);
  // Removes what was made: the containers, then the networks, then the volumes.
  void tear_down() noexcept;
  void make_network(const Resource& network);
  void start(const Project& project, const Service& service, Condition condition,
             progress::ProgressReporter& progress, std::chrono::seconds timeout,
             const std::atomic<bool>* cancel);

  const engine::Engine& engine_;
  // Destroyed in reverse: the containers, then the networks, then the volumes.
  std::unique_ptr<pipeline::RunVolumes> volumes_;
  std::vector<std::string> networks_;  // the ones made here
  std::vector<std::unique_ptr<pipeline::AppContainer>> containers_;
};

}  // namespace minify::compose
