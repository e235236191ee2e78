#pragma once
// An in-memory engine::Engine for the pipeline's unit tests: no engine, no containers, no app.
// A test scripts the answers (image inspects, per-role container behaviour, archives, logs, exec
// results), runs the pipeline against it, and reads back the calls it made, in order.
//
// Containers are known by the role in their `minify` label ("analysis", "pack", "verify") and get
// ids "<role>-<n>" (n counts every container created). Each call is recorded as one line:
//   "inspect_image <name>", "create <role>", "put_archive <id>", "start <id>", "wait <id>",
//   "stop <id>", "inspect_container <id>", "logs <id>", "follow_logs <id>",
//   "get_archive <id> <path>",
//   "exec <id> <argv0>", "load", "import <reference>", "info", "version", "remove <id>", "tag <id>
//   <reference>", "remove_image <name>", "list_containers <label>", "pull <reference>", "push
//   <reference>", "create_network <name>", "remove_network <name>", "list_networks <label>",
//   "volume_exists <name>", "create_volume <name>", "remove_volume <name>", "list_volumes <label>".
// cancel_at() raises a flag when a chosen call is made; from then on every call given that flag
// as its Cancel throws EngineError(kCancelled), as the real engine would within ~100 ms, and
// every other call completes.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace minify::testing {

class FakeEngine : public engine::Engine {
 public:
  // How the containers of one role behave.
  struct Role {
    // wait_container returns (else it times out: nullopt); follow_container_logs ends after the
    // output (else, unless its sink stopped it, it times out: kTimeout)
    bool exits = true;
    int exit_code = 0;  // what wait and inspect say once it has exited
    std::string stdout_logs;
    std::string stderr_logs;
    std::map<std::string, std::string> archives;  // get_archive: path -> tar; else kNotFound
    std::string health;  // inspect's State.Health.Status while running; "": no healthcheck
    // create_container of a config with HostConfig.Mounts throws EngineError (kBadRequest), as
    // an engine in a VM does for a bind of a file it has not got
    bool refuses_mounts = false;
    // start_container writes these bytes into the file a Mounts bind names as its Source (the
    // host's end of a pipe: at most 64 KiB, which a pipe takes without a reader's turn), then
    // closes it, as `sensor pack --stream` would
    std::string pipe_writes;
    // kill_container leaves it running (a sensor that holds once the app is stopped), rather
    // than it exiting as the app would
    bool holds_when_killed = false;
  };

  // ---- the script
  std::map<std::string, nlohmann::json> images;  // inspect_image by name or id; else kNotFound
  // What inspect_image answers once load_images was called (the references the load tagged),
  // before `images`.
  std::map<std::string, nlohmann::json> images_after_load;
  std::map<std::string, Role> roles;  // unscripted roles: Role{}
  // Answers run_exec in container `id` (config_of(id) tells which image, which options); by
  // default every command exits 0 with no output.
  std::function<engine::ExecResult(const std::string& id, const std::vector<std::string>& argv)>
      exec;
  std::int64_t loaded_image_size = 1000;  // inspect_image of an image load_images loaded
  std::string kernel_version = "6.1.0";
  // What info() answers. By default a containerd image store's (engine/image_store.h), where the
  // slim image goes in by one load; a test of the import path scripts a graph driver's. Null:
  // info() throws EngineError (kEngineFailure).
  nlohmann::json info_answer = {
      {"Driver", "overlayfs"},
      {"DriverStatus", nlohmann::json::array({nlohmann::json::array(
                           {"driver-type", "io.containerd.snapshotter.v1"})})}};
  engine::EngineKind kind = engine::EngineKind::kDocker;  // what version() says
  // pull_image of a reference here makes inspect_image answer it; any other pull throws
  // EngineError(kNotFound), as a registry without it does.
  std::map<std::string, nlohmann::json> pullable;
  std::vector<engine::RegistryProgress> pull_progress;  // sent to pull's sink, in order
  bool push_refused = false;  // push_image throws kPermissionDenied "unauthorized"
  // The engine's networks and volumes, by name: a test may add some, the calls add and remove.
  mutable std::map<std::string, std::map<std::string, std::string>> networks;
  mutable std::map<std::string, std::map<std::string, std::string>> volumes;

  // Raises `flag` when a call whose line starts with `call` is made (the first such call).
  void cancel_at(std::string call, std::atomic<bool>& flag);

  // ---- what happened
  mutable std::vector<std::string> registry_auths;  // the X-Registry-Auth of each pull and push
  const std::vector<std::string>& calls() const { return calls_; }
  std::vector<std::string> created() const;  // container ids, in order of creation
  std::vector<std::string> removed() const;  // container ids, in order of removal
  // The body of POST /containers/create of container `id`.
  const nlohmann::json& config_of(const std::string& id) const;
  // The tar last put into container `id` (put_archive).
  const std::string& put_archive_of(const std::string& id) const;
  // The calls after the one cancel_at() named (empty when it was never made).
  std::vector<std::string> calls_after_cancel() const;
  // The body of the last load_images call (a docker-archive).
  std::string last_load() const;
  // The images import_image made and remove_image has not removed, by reference.
  std::vector<std::string> imported() const;
  // Bytes get_archive handed to its callers' sinks (in 64 KiB chunks, as the engine streams
  // them), up to where a sink threw.
  std::uint64_t archive_bytes_delivered() const { return archive_bytes_delivered_; }

  // ---- engine::Engine
  engine::EngineVersion version() const override;
  nlohmann::json info() const override;
  nlohmann::json inspect_image(std::string_view name) const override;
  engine::LoadResult load_images(const engine::ByteSource& source,
                                 engine::Cancel cancel = nullptr) const override;
  std::string import_image(const engine::ByteSource& layer_tar, std::string_view reference,
                           engine::Cancel cancel = nullptr) const override;
  void tag_image(std::string_view id, std::string_view reference) const override;
  bool remove_image(std::string_view name) const override;
  void pull_image(std::string_view reference, std::string_view registry_auth,
                  const engine::RegistryProgressSink& progress,
                  engine::Cancel cancel = nullptr) const override;
  std::string push_image(std::string_view reference, std::string_view registry_auth,
                         const engine::RegistryProgressSink& progress,
                         engine::Cancel cancel = nullptr) const override;
  engine::ContainerCreated create_container(const nlohmann::json& config,
                                            std::string_view name = {}) const override;
  void start_container(std::string_view id) const override;
  std::optional<engine::WaitResult> wait_container(
      std::string_view id, std::chrono::milliseconds timeout, engine::Cancel cancel = nullptr,
      engine::WaitCondition condition = engine::WaitCondition::kNotRunning) const override;
  void stop_container(std::string_view id, std::chrono::seconds grace) const override;
  void kill_container(std::string_view id, std::string_view signal) const override;
  bool remove_container(std::string_view id, bool force = true, bool volumes = true) const override;
  nlohmann::json inspect_container(std::string_view id) const override;
  std::vector<engine::ContainerSummary> list_containers(std::string_view label_key) const override;
  engine::CapturedOutput container_logs(
      std::string_view id, const engine::LogsOptions& options = {},
      std::chrono::milliseconds timeout = std::chrono::seconds(60),
      engine::Cancel cancel = nullptr) const override;
  bool follow_container_logs(std::string_view id, const engine::LogsOptions& options,
                             const engine::FollowSink& sink, std::chrono::milliseconds timeout,
                             engine::Cancel cancel = nullptr) const override;
  void create_network(std::string_view name,
                      const std::map<std::string, std::string>& labels) const override;
  bool remove_network(std::string_view name) const override;
  std::vector<engine::NamedResource> list_networks(std::string_view label_key) const override;
  bool volume_exists(std::string_view name) const override;
  void create_volume(std::string_view name,
                     const std::map<std::string, std::string>& labels) const override;
  bool remove_volume(std::string_view name) const override;
  std::vector<engine::NamedResource> list_volumes(std::string_view label_key) const override;
  void put_archive(std::string_view id, std::string_view dest_dir, const engine::ByteSource& source,
                   engine::Cancel cancel = nullptr) const override;
  engine::PathStat get_archive(std::string_view id, std::string_view path,
                               const engine::ByteSink& sink,
                               engine::Cancel cancel = nullptr) const override;
  engine::ExecResult run_exec(std::string_view container_id, const engine::ExecConfig& config,
                              std::chrono::milliseconds timeout,
                              engine::Cancel cancel = nullptr) const override;

 private:
  struct Container {
    std::string role;
    nlohmann::json config;
    bool started = false;
    bool exited = false;
    bool removed = false;
  };

  // Records `line`; raises the cancel flag when it is the chosen call; throws
  // EngineError(kCancelled) when the call is cancellable and its flag is raised.
  void call(std::string line, engine::Cancel cancel = nullptr) const;
  Container& container(std::string_view id) const;
  const Role& role_of(const Container& c) const;

  // Calls come from several threads (the pipeline removes containers in the background), as the
  // real client allows: each public call holds this while it runs.
  mutable std::recursive_mutex mutex_;
  // The engine's own state; the Engine API is const, as the real client holds none.
  mutable std::vector<std::string> calls_;
  mutable std::map<std::string, Container> containers_;
  mutable std::map<std::string, std::string> put_archives_;
  mutable std::vector<std::string> created_;
  mutable std::vector<std::string> removed_;
  mutable bool loaded_ = false;
  mutable std::string last_load_;
  // import_image's images: reference -> inspect answer (Id, RootFS.Layers: the body's digest).
  mutable std::map<std::string, nlohmann::json> imported_;
  mutable std::map<std::string, nlohmann::json> pulled_;
  mutable std::uint64_t archive_bytes_delivered_ = 0;
  mutable std::optional<std::size_t> cancelled_at_;
  std::string cancel_call_;
  std::atomic<bool>* cancel_flag_ = nullptr;
};

}  // namespace minify::testing
