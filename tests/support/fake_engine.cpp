#include "support/fake_engine.h"

#include <fcntl.h>
#include <unistd.h>

#include "engine/engine_error.h"
#include "pack/sha256.h"

namespace minify::testing {
namespace {

// Reads a request body to its end, as the engine would, and returns it.
std::string drain(const engine::ByteSource& source) {
  std::string body;
  char buffer[4096];
  for (std::size_t n; (n = source(buffer, sizeof buffer)) > 0;) body.append(buffer, n);
  return body;
}

}  // namespace

void FakeEngine::cancel_at(std::string call, std::atomic<bool>& flag) {
  std::lock_guard lock(mutex_);
  cancel_call_ = std::move(call);
  cancel_flag_ = &flag;
}

std::vector<std::string> FakeEngine::created() const {
  std::lock_guard lock(mutex_);
  return created_;
}

std::vector<std::string> FakeEngine::removed() const {
  std::lock_guard lock(mutex_);
  return removed_;
}

const nlohmann::json& FakeEngine::config_of(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return containers_.at(id).config;  // removed ones too: tests look after the run
}

std::vector<std::string> FakeEngine::calls_after_cancel() const {
  std::lock_guard lock(mutex_);
  if (!cancelled_at_) return {};
  return {calls_.begin() + static_cast<std::ptrdiff_t>(*cancelled_at_) + 1, calls_.end()};
}

void FakeEngine::call(std::string line, engine::Cancel cancel) const {
  calls_.push_back(line);
  if (cancel_flag_ != nullptr && !cancelled_at_ && line.starts_with(cancel_call_)) {
    cancelled_at_ = calls_.size() - 1;
    *cancel_flag_ = true;
  }
  if (cancel != nullptr && cancel->load())
    throw engine::EngineError(engine::ErrorKind::kCancelled, line + ": cancelled");
}

FakeEngine::Container& FakeEngine::container(std::string_view id) const {
  auto it = containers_.find(std::string(id));
  if (it == containers_.end() || it->second.removed)
    throw engine::EngineError(engine::ErrorKind::kNotFound,
                              "container '" + std::string(id) + "' not found", 404);
  return it->second;
}

const FakeEngine::Role& FakeEngine::role_of(const Container& c) const {
  static const Role kUnscripted;
  auto it = roles.find(c.role);
  return it == roles.end() ? kUnscripted : it->second;
}

engine::EngineVersion FakeEngine::version() const {
  std::lock_guard lock(mutex_);
  call("version");
  engine::EngineVersion v;
  v.version = "fake";
  v.kernel_version = kernel_version;
  v.kind = kind;
  return v;
}

nlohmann::json FakeEngine::info() const {
  std::lock_guard lock(mutex_);
  call("info");
  if (info_answer.is_null())
    throw engine::EngineError(engine::ErrorKind::kEngineFailure, "ask the engine about itself: no");
  return info_answer;
}

std::string FakeEngine::last_load() const {
  std::lock_guard lock(mutex_);
  return last_load_;
}

std::vector<std::string> FakeEngine::imported() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> references;
  for (const auto& [reference, image] : imported_) references.push_back(reference);
  return references;
}

nlohmann::json FakeEngine::inspect_image(std::string_view name) const {
  std::lock_guard lock(mutex_);
  call("inspect_image " + std::string(name));
  for (const auto& [reference, image] : imported_)
    if (name == reference || name == image["Id"].get<std::string>()) return image;
  if (loaded_)
    if (auto it = images_after_load.find(std::string(name)); it != images_after_load.end())
      return it->second;
  if (auto it = images.find(std::string(name)); it != images.end()) return it->second;
  if (auto it = pulled_.find(std::string(name)); it != pulled_.end()) return it->second;
  if (loaded_ && name.starts_with("sha256:"))
    return {{"Id", std::string(name)}, {"Size", loaded_image_size}};
  throw engine::EngineError(engine::ErrorKind::kNotFound,
                            "image '" + std::string(name) + "' not found", 404);
}

engine::LoadResult FakeEngine::load_images(const engine::ByteSource& source,
                                           engine::Cancel cancel) const {
  {
    std::lock_guard lock(mutex_);
    call("load", cancel);
  }
  // Unlocked while the body streams: its producer fetches the layer from the pack container,
  // an engine call of its own on another thread, as with the real engine.
  std::string body = drain(source);
  std::lock_guard lock(mutex_);
  loaded_ = true;
  last_load_ = std::move(body);
  return {};
}

std::string FakeEngine::import_image(const engine::ByteSource& layer_tar,
                                     std::string_view reference, engine::Cancel cancel) const {
  {
    std::lock_guard lock(mutex_);
    call("import " + std::string(reference), cancel);
  }
  // Unlocked while the body streams, as load_images.
  std::string body = drain(layer_tar);
  std::lock_guard lock(mutex_);
  std::string id = pack::sha256_digest("imported " + std::string(reference));
  imported_[std::string(reference)] = {
      {"Id", id}, {"RootFS", {{"Type", "layers"}, {"Layers", {pack::sha256_digest(body)}}}}};
  return id;
}

void FakeEngine::tag_image(std::string_view id, std::string_view reference) const {
  std::lock_guard lock(mutex_);
  call("tag " + std::string(id) + " " + std::string(reference));
}

bool FakeEngine::remove_image(std::string_view name) const {
  std::lock_guard lock(mutex_);
  call("remove_image " + std::string(name));
  imported_.erase(std::string(name));
  return true;
}

void FakeEngine::pull_image(std::string_view reference, std::string_view registry_auth,
                            const engine::RegistryProgressSink& progress,
                            engine::Cancel cancel) const {
  call("pull " + std::string(reference), cancel);
  registry_auths.emplace_back(registry_auth);
  auto it = pullable.find(std::string(reference));
  if (it == pullable.end())
    throw engine::EngineError(engine::ErrorKind::kNotFound,
                              "pull '" + std::string(reference) + "': manifest unknown", 200,
                              "manifest unknown");
  for (const auto& p : pull_progress)
    if (progress) progress(p);
  pulled_[it->first] = it->second;
}

std::string FakeEngine::push_image(std::string_view reference, std::string_view registry_auth,
                                   const engine::RegistryProgressSink&,
                                   engine::Cancel cancel) const {
  call("push " + std::string(reference), cancel);
  registry_auths.emplace_back(registry_auth);
  if (push_refused)
    throw engine::EngineError(engine::ErrorKind::kPermissionDenied,
                              "push '" + std::string(reference) + "': unauthorized", 200,
                              "unauthorized");
  return "sha256:pushed";
}

engine::ContainerCreated FakeEngine::create_container(const nlohmann::json& config,
                                                      std::string_view) const {
  std::lock_guard lock(mutex_);
  std::string role = config.value("/Labels/minify"_json_pointer, std::string("unlabelled"));
  call("create " + role);
  if (roles.count(role) && roles.at(role).refuses_mounts && config.contains("HostConfig") &&
      config["HostConfig"].contains("Mounts"))
    throw engine::EngineError(engine::ErrorKind::kBadRequest,
                              "invalid mount config: bind source path does not exist");
  std::string id = role + "-" + std::to_string(created_.size() + 1);
  containers_[id] = Container{role, config};
  created_.push_back(id);
  return {id, {}};
}

void FakeEngine::start_container(std::string_view id) const {
  std::lock_guard lock(mutex_);
  call("start " + std::string(id));
  Container& c = container(id);
  c.started = true;
  const std::string& bytes = role_of(c).pipe_writes;
  if (bytes.empty()) return;
  for (const auto& mount : c.config.value("/HostConfig/Mounts"_json_pointer, nlohmann::json())) {
    const std::string source = mount.value("Source", "");
    int fd = ::open(source.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    std::string_view left = bytes;
    while (!left.empty()) {
      ssize_t n = ::write(fd, left.data(), left.size());
      if (n <= 0) break;
      left.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
  }
}

std::optional<engine::WaitResult> FakeEngine::wait_container(std::string_view id,
                                                             std::chrono::milliseconds,
                                                             engine::Cancel cancel,
                                                             engine::WaitCondition) const {
  std::lock_guard lock(mutex_);
  call("wait " + std::string(id), cancel);
  Container& c = container(id);
  const Role& role = role_of(c);
  if (!role.exits) return std::nullopt;
  c.exited = true;
  return engine::WaitResult{role.exit_code, ""};
}

void FakeEngine::stop_container(std::string_view id, std::chrono::seconds) const {
  std::lock_guard lock(mutex_);
  call("stop " + std::string(id));
  container(id).exited = true;
}

void FakeEngine::kill_container(std::string_view id, std::string_view signal) const {
  std::lock_guard lock(mutex_);
  call("kill " + std::string(id) + " " + std::string(signal));
  Container& c = container(id);
  if (!role_of(c).holds_when_killed) c.exited = true;
}

bool FakeEngine::remove_container(std::string_view id, bool, bool) const {
  std::lock_guard lock(mutex_);
  call("remove " + std::string(id));
  auto it = containers_.find(std::string(id));
  if (it == containers_.end() || it->second.removed) return false;
  it->second.removed = true;
  removed_.push_back(std::string(id));
  return true;
}

nlohmann::json FakeEngine::inspect_container(std::string_view id) const {
  std::lock_guard lock(mutex_);
  call("inspect_container " + std::string(id));
  const Container& c = container(id);
  bool running = c.started && !c.exited;
  nlohmann::json inspect = {
      {"Id", std::string(id)},
      {"State", {{"Running", running}, {"ExitCode", c.exited ? role_of(c).exit_code : 0}}},
      {"NetworkSettings", {{"Ports", nlohmann::json::object()}}}};
  if (!role_of(c).health.empty()) inspect["State"]["Health"]["Status"] = role_of(c).health;
  return inspect;
}

namespace {

using Named = std::map<std::string, std::map<std::string, std::string>>;

std::vector<engine::NamedResource> labelled(const Named& all, std::string_view label_key) {
  std::vector<engine::NamedResource> listed;
  for (const auto& [name, labels] : all)
    if (labels.contains(std::string(label_key))) listed.push_back({name, labels});
  return listed;
}

}  // namespace

void FakeEngine::create_network(std::string_view name,
                                const std::map<std::string, std::string>& labels) const {
  call("create_network " + std::string(name));
  if (!networks.emplace(std::string(name), labels).second)
    throw engine::EngineError(engine::ErrorKind::kConflict,
                              "create network '" + std::string(name) + "': it exists");
}

bool FakeEngine::remove_network(std::string_view name) const {
  call("remove_network " + std::string(name));
  return networks.erase(std::string(name)) > 0;
}

std::vector<engine::NamedResource> FakeEngine::list_networks(std::string_view label_key) const {
  call("list_networks " + std::string(label_key));
  return labelled(networks, label_key);
}

bool FakeEngine::volume_exists(std::string_view name) const {
  call("volume_exists " + std::string(name));
  return volumes.contains(std::string(name));
}

void FakeEngine::create_volume(std::string_view name,
                               const std::map<std::string, std::string>& labels) const {
  call("create_volume " + std::string(name));
  volumes.emplace(std::string(name), labels);
}

bool FakeEngine::remove_volume(std::string_view name) const {
  call("remove_volume " + std::string(name));
  return volumes.erase(std::string(name)) > 0;
}

std::vector<engine::NamedResource> FakeEngine::list_volumes(std::string_view label_key) const {
  call("list_volumes " + std::string(label_key));
  return labelled(volumes, label_key);
}

std::vector<engine::ContainerSummary> FakeEngine::list_containers(
    std::string_view label_key) const {
  std::lock_guard lock(mutex_);
  call("list_containers " + std::string(label_key));
  std::vector<engine::ContainerSummary> listed;
  for (const auto& [id, c] : containers_) {
    if (c.removed || !c.config.contains("Labels") ||
        !c.config["Labels"].contains(std::string(label_key)))
      continue;
    engine::ContainerSummary summary{id, {}, c.started && !c.exited ? "running" : "exited"};
    for (const auto& [key, value] : c.config["Labels"].items())
      if (value.is_string()) summary.labels[key] = value.get<std::string>();
    listed.push_back(std::move(summary));
  }
  return listed;
}

engine::CapturedOutput FakeEngine::container_logs(std::string_view id,
                                                  const engine::LogsOptions& options,
                                                  std::chrono::milliseconds,
                                                  engine::Cancel cancel) const {
  std::lock_guard lock(mutex_);
  call("logs " + std::string(id), cancel);
  const Role& role = role_of(container(id));
  engine::CapturedOutput out;
  if (options.stdout_stream) out.out = role.stdout_logs;
  if (options.stderr_stream) out.err = role.stderr_logs;
  return out;
}

bool FakeEngine::follow_container_logs(std::string_view id, const engine::LogsOptions& options,
                                       const engine::FollowSink& sink,
                                       std::chrono::milliseconds timeout,
                                       engine::Cancel cancel) const {
  std::lock_guard lock(mutex_);
  call("follow_logs " + std::string(id), cancel);
  Container& c = container(id);
  const Role& role = role_of(c);
  // A byte at a time: a caller must find what it waits for across the pieces the engine sends.
  auto send = [&sink](engine::StreamKind kind, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (!sink(kind, text.substr(i, 1))) return false;
    return true;
  };
  if (options.stdout_stream && !send(engine::StreamKind::kStdout, role.stdout_logs)) return true;
  if (options.stderr_stream && !send(engine::StreamKind::kStderr, role.stderr_logs)) return true;
  if (!role.exits)
    throw engine::EngineError(engine::ErrorKind::kTimeout,
                              "follow the logs of container '" + std::string(id) +
                                  "': timed out after " + std::to_string(timeout.count() / 1000) +
                                  " s");
  c.exited = true;
  return false;
}

void FakeEngine::put_archive(std::string_view id, std::string_view,
                             const engine::ByteSource& source, engine::Cancel cancel) const {
  std::lock_guard lock(mutex_);
  call("put_archive " + std::string(id), cancel);
  container(id);
  put_archives_[std::string(id)] = drain(source);
}

const std::string& FakeEngine::put_archive_of(const std::string& id) const {
  return put_archives_.at(id);
}

engine::PathStat FakeEngine::get_archive(std::string_view id, std::string_view path,
                                         const engine::ByteSink& sink,
                                         engine::Cancel cancel) const {
  std::lock_guard lock(mutex_);
  call("get_archive " + std::string(id) + " " + std::string(path), cancel);
  const Role& role = role_of(container(id));
  auto it = role.archives.find(std::string(path));
  if (it == role.archives.end())
    throw engine::EngineError(engine::ErrorKind::kNotFound,
                              "copy " + std::string(path) + " out of container: not found", 404);
  constexpr std::size_t kChunk = 64 * 1024;
  std::string_view rest = it->second;
  while (!rest.empty()) {
    std::string_view chunk = rest.substr(0, kChunk);
    sink(chunk);
    archive_bytes_delivered_ += chunk.size();
    rest.remove_prefix(chunk.size());
  }
  return {};
}

engine::ExecResult FakeEngine::run_exec(std::string_view container_id,
                                        const engine::ExecConfig& config, std::chrono::milliseconds,
                                        engine::Cancel cancel) const {
  std::lock_guard lock(mutex_);
  call("exec " + std::string(container_id) + " " +
           (config.argv.empty() ? std::string() : config.argv.front()),
       cancel);
  container(container_id);
  return exec ? exec(std::string(container_id), config.argv) : engine::ExecResult{};
}

}  // namespace minify::testing
