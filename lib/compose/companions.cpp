#include "compose/companions.h"

#include <algorithm>
#include <thread>

#include "pipeline/interrupted.h"
#include "pipeline/run_owner.h"

namespace minify::compose {
namespace {

using Clock = std::chrono::steady_clock;

// The container of a dependency: its image and run options, reachable on its network by its
// service's name, with its healthcheck.
nlohmann::json service_config(const Project& project, const Service& service) {
  pipeline::RunOptions run = service_run(project, service);
  nlohmann::json config = {{"Image", service.image}};
  if (run.entrypoint)
    config["Entrypoint"] =
        run.entrypoint->empty() ? nlohmann::json::array({""}) : nlohmann::json(*run.entrypoint);
  if (run.cmd) config["Cmd"] = *run.cmd;
  if (run.user) config["User"] = *run.user;
  pipeline::apply_run_options(config, run);
  config["NetworkingConfig"]["EndpointsConfig"][run.network]["Aliases"] = {service.name};
  if (service.healthcheck) {
    const Healthcheck& h = *service.healthcheck;
    nlohmann::json check = {{"Test", h.test}};
    if (h.interval_ns) check["Interval"] = h.interval_ns;
    if (h.timeout_ns) check["Timeout"] = h.timeout_ns;
    if (h.start_period_ns) check["StartPeriod"] = h.start_period_ns;
    if (h.retries) check["Retries"] = h.retries;
    config["Healthcheck"] = check;
  }
  return config;
}

}  // namespace

pipeline::RunOptions service_run(const Project& project, const Service& service) {
  if (service.networks.size() > 1)
    throw ComposeError("service " + service.name +
                       ": minify attaches a container to one network; it lists " +
                       std::to_string(service.networks.size()));
  pipeline::RunOptions run = service.run;
  run.network = project.network(service.networks.front()).name;
  return run;
}

Companions::Companions(const engine::Engine& engine, const Project& project,
                       const std::string& service, progress::ProgressReporter& progress,
                       std::chrono::seconds timeout, const std::atomic<bool>* cancel)
    : engine_(engine) {
  try {
    start_all(project, service, progress, timeout, cancel);
  } catch (...) {
    tear_down();  // no destructor runs for an object whose constructor throws
    throw;
  }
}

void Companions::start_all(const Project& project, const std::string& service,
                           progress::ProgressReporter& progress, std::chrono::seconds timeout,
                           const std::atomic<bool>* cancel) {
  const Service& target = project.service(service);
  std::vector<const Service*> order = start_order(project, service);
  std::vector<const Service*> all = order;
  all.push_back(&target);
  std::vector<pipeline::Mount> mounts;
  for (const Service* s : all) {
    pipeline::RunOptions run = service_run(project, *s);
    mounts.insert(mounts.end(), run.mounts.begin(), run.mounts.end());
  }
  for (const auto& volume : project.volumes)
    if (volume.external && !engine_.volume_exists(volume.name))
      for (const auto& m : mounts)
        if (m.source == volume.name)
          throw ComposeError("volume '" + volume.key + "' is external, and the engine has no '" +
                             volume.name + "'");
  volumes_ = std::make_unique<pipeline::RunVolumes>(engine_, mounts);
  std::vector<std::string> made;
  for (const Service* s : all) {
    const Resource& network = project.network(s->networks.front());
    if (!network.external && std::find(made.begin(), made.end(), network.key) == made.end()) {
      make_network(network);
      made.push_back(network.key);
    }
  }
  for (const Service* s : order) {
    Condition condition = Condition::kStarted;
    for (const Service* other : all)
      for (const auto& d : other->depends_on)
        if (d.service == s->name && d.condition != Condition::kStarted) condition = d.condition;
    start(project, *s, condition, progress, timeout, cancel);
  }
}

Companions::~Companions() {
  tear_down();
}

void Companions::tear_down() noexcept {
  containers_.clear();  // each removes its container
  for (auto it = networks_.rbegin(); it != networks_.rend(); ++it) {
    try {
      engine_.remove_network(*it);
    } catch (...) {
      // A destructor must not throw; the owner label lets the next run remove it.
    }
  }
  networks_.clear();
  volumes_.reset();
}

void Companions::make_network(const Resource& network) {
  try {
    engine_.create_network(network.name,
                           {{pipeline::kContainerLabel, "network"},
                            {pipeline::kOwnerLabel, pipeline::RunOwner::self().label()}});
    networks_.push_back(network.name);
  } catch (const engine::EngineError& e) {
    // It exists (a `docker compose up` of the same project): used as it is, and left.
    if (e.kind() != engine::ErrorKind::kConflict) throw;
  }
}

void Companions::start(const Project& project, const Service& service, Condition condition,
                       progress::ProgressReporter& progress, std::chrono::seconds timeout,
                       const std::atomic<bool>* cancel) {
  auto phase = progress.begin("compose: starting " + service.name + " (" + service.image + ")");
  try {
    engine_.inspect_image(service.image);
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::kNotFound) throw;
    throw ComposeError("service " + service.name + ": image '" + service.image +
                       "' is not on the engine (minify pulls nothing: pull or build it first)");
  }
  containers_.push_back(std::make_unique<pipeline::AppContainer>(
      engine_, service_config(project, service), "compose", std::vector<int>{}));
  const pipeline::AppContainer& app = *containers_.back();
  containers_.back()->start();
  auto failed = [&](const std::string& why) {
    std::string tail = app.output_tail(600);
    return ComposeError("service " + service.name + " " + why +
                        (tail.empty() ? "" : "; its last output:\n" + tail));
  };
  const auto deadline = Clock::now() + timeout;
  if (condition == Condition::kCompletedSuccessfully) {
    auto waited = engine_.wait_container(app.id(), timeout, cancel);
    if (!waited) throw failed("did not complete within " + std::to_string(timeout.count()) + "s");
    if (waited->exit_code != 0)
      throw failed("exited with status " + std::to_string(waited->exit_code));
  } else if (condition == Condition::kHealthy) {
    while (true) {
      pipeline::throw_if_cancelled(cancel);
      auto state = engine_.inspect_container(app.id()).value("State", nlohmann::json::object());
      if (!state.value("Running", false))
        throw failed("exited with status " + std::to_string(state.value("ExitCode", -1)) +
                     " before it was healthy");
      auto health = state.value("Health", nlohmann::json());
      if (!health.is_object())
        throw ComposeError(
            "service " + service.name +
            " has no healthcheck (nor has its image), and service_healthy needs one");
      std::string status = health.value("Status", "");
      if (status == "healthy") break;
      if (status == "unhealthy") throw failed("is unhealthy");
      if (Clock::now() >= deadline)
        throw failed("was not healthy within " + std::to_string(timeout.count()) + "s (--timeout)");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  } else {
    app.expect_running("service " + service.name);
  }
  phase.finish();
}

}  // namespace minify::compose
