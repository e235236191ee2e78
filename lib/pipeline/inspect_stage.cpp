#include "pipeline/inspect_stage.h"

#include <algorithm>
#include <stdexcept>

#include "errors/usage_error.h"
#include "pack/slim_tag.h"
#include "pipeline/app_container.h"
#include "reference/image_reference.h"

namespace minify::pipeline {
namespace {

// What the engine's runtime gives a process when the image sets no PATH.
constexpr const char* kDefaultPathEnv =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::vector<std::string> string_list(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

SourceFacts inspect_source(const engine::Engine& engine, const std::string& reference,
                           const RunOptions& run) {
  SourceFacts facts;
  facts.reference = reference;
  facts.inspect = engine.inspect_image(reference);
  facts.id = facts.inspect.value("Id", "");
  nlohmann::json config = facts.inspect.value("Config", nlohmann::json::object());
  if (!config.is_object()) config = nlohmann::json::object();
  facts.argv = app_argv(run, string_list(config.value("Entrypoint", nlohmann::json())),
                        string_list(config.value("Cmd", nlohmann::json())));
  if (facts.argv.empty())
    throw std::runtime_error("image '" + reference + "' has no ENTRYPOINT or CMD: nothing to run" +
                             (run.entrypoint ? " (--entrypoint without --cmd)" : ""));
  facts.user = run.user ? *run.user : config.value("User", "");
  facts.path_env = kDefaultPathEnv;
  for (const auto& env : string_list(config.value("Env", nlohmann::json())))
    if (env.starts_with("PATH=")) facts.path_env = env.substr(5);
  facts.tcp_ports = exposed_tcp_ports(facts.inspect);
  std::vector<int> more = run.expose;
  for (const auto& p : run.publish) more.push_back(p.container);
  for (int port : more)
    if (std::find(facts.tcp_ports.begin(), facts.tcp_ports.end(), port) == facts.tcp_ports.end())
      facts.tcp_ports.push_back(port);
  std::sort(facts.tcp_ports.begin(), facts.tcp_ports.end());
  return facts;
}

ProbePlan plan_probes(const AnalysisOptions& options, const SourceFacts& source) {
  ProbePlan plan;
  if (options.probe_port) {
    plan.http = true;
    plan.http_port = options.probe_port;
  } else if (!source.tcp_ports.empty() && (options.http_probe || !options.requests.empty())) {
    // The ports the app listens on, learnt from the sensor: the exposed ones may be a base
    // image's, where nothing listens.
    plan.http = true;
  }
  if (!options.requests.empty() && !plan.http)
    throw UsageError("--probe needs an exposed TCP port, and the image exposes none");
  plan.crawl = options.http_probe;
  plan.requests = options.requests;
  plan.limits = options.crawl;
  plan.exec_commands = options.exec_commands;
  plan.host_commands = options.host_commands;
  plan.ready_timeout = options.timeout;
  plan.request_timeout = options.request_timeout;
  plan.exec_user = source.user;
  plan.published_host = options.published_host;
  plan.container_addresses_reachable = options.container_addresses_reachable;
  return plan;
}

ContinueAfter::Kind resolved_continue_after(const AnalysisOptions& options, const ProbePlan& plan) {
  if (options.continue_after.kind != ContinueAfter::Kind::kAuto) return options.continue_after.kind;
  return plan.empty() ? ContinueAfter::Kind::kExit : ContinueAfter::Kind::kProbe;
}

std::string slim_target(const std::string& image, const std::optional<std::string>& tag,
                        const SourceFacts& source) {
  std::string target = tag ? pack::with_tag(*tag) : pack::slim_tag_for(image);
  reference::ImageReference wanted;
  try {
    wanted = reference::parse_image_reference(target);
  } catch (const reference::ReferenceError& e) {
    throw UsageError(std::string(tag ? "--tag: " : "the slim image's tag: ") + e.what());
  }
  if (!wanted.digest.empty())
    throw UsageError("--tag '" + target + "': a tag names no digest; give NAME[:TAG]");
  // The engine stores names fully qualified: "docker.io/library/app:1" is the original's "app:1",
  // and tagging it would move that tag off the original.
  for (const auto& original : string_list(source.inspect.value("RepoTags", nlohmann::json()))) {
    if (reference::split_image_reference(original).canonical() != wanted.canonical()) continue;
    std::string same = original == target ? "" : " (the same name as '" + original + "')";
    throw UsageError("the slim image's tag '" + target + "' names the original image" + same +
                     "; choose another with --tag");
  }
  return target;
}

}  // namespace minify::pipeline
