#pragma once
// A typed client of the Docker Engine API (and Podman's compatible API) over a unix socket, TCP
// (plain or TLS) or an ssh tunnel's socket (engine/ssh_tunnel.h): the real engine::Engine
// (engine/engine.h, whose contract every call keeps). It knows the API's shapes, not image formats:
// bodies it streams are opaque bytes.
//
// Beyond engine::Engine's contract:
// - Short calls are bounded by Timeouts::request; streaming calls by Timeouts::stream of silence.
// - Big bodies (export, load, archive) are streamed in chunks of at most ~1 MiB.
// - The object holds no connection (one per call) and no mutable state: copy it freely and use
//   it from several threads at once (e.g. follow logs while waiting for a container).

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api_version.h"
#include "engine/endpoint.h"
#include "engine/engine.h"
#include "engine/engine_error.h"

namespace minify::engine {

struct Timeouts {
  std::chrono::milliseconds connect{5'000};   // establishing a connection
  std::chrono::milliseconds request{60'000};  // a whole short call (inspect, create, start, ...)
  std::chrono::milliseconds stream{600'000};  // longest silence on a streaming call: the engine
                                              // writes a whole export to disk before its first byte
};

struct ExecState {
  std::string id;
  std::string container_id;
  bool running = false;
  std::optional<int64_t> exit_code;  // set once it has exited
  int64_t pid = 0;
};

class EngineClient : public Engine {
 public:
  // Negotiates the API version with GET /version. Throws EngineError: kUnreachable,
  // kPermissionDenied, kApiTooOld.
  explicit EngineClient(Endpoint endpoint, Timeouts timeouts = {});

  const Endpoint& endpoint() const { return endpoint_; }
  ApiVersion api_version() const { return api_version_; }
  const Timeouts& timeouts() const { return timeouts_; }

  // ---- system
  EngineVersion version() const override;
  nlohmann::json info() const override;

  // ---- images
  nlohmann::json inspect_image(std::string_view name) const override;
  // GET /images/{name}/get: a docker-archive tar.
  void export_image(std::string_view name, const ByteSink& sink, Cancel cancel = nullptr) const;
  LoadResult load_images(const ByteSource& source, Cancel cancel = nullptr) const override;
  std::string import_image(const ByteSource& layer_tar, std::string_view reference,
                           Cancel cancel = nullptr) const override;
  void tag_image(std::string_view id, std::string_view reference) const override;
  bool remove_image(std::string_view name) const override;

  // ---- registries
  void pull_image(std::string_view reference, std::string_view registry_auth,
                  const RegistryProgressSink& progress, Cancel cancel = nullptr) const override;
  std::string push_image(std::string_view reference, std::string_view registry_auth,
                         const RegistryProgressSink& progress,
                         Cancel cancel = nullptr) const override;

  // ---- containers
  ContainerCreated create_container(const nlohmann::json& config,
                                    std::string_view name = {}) const override;
  void start_container(std::string_view id) const override;
  std::optional<WaitResult> wait_container(
      std::string_view id, std::chrono::milliseconds timeout, Cancel cancel = nullptr,
      WaitCondition condition = WaitCondition::kNotRunning) const override;
  void stop_container(std::string_view id, std::chrono::seconds grace) const override;
  void kill_container(std::string_view id, std::string_view signal) const override;
  bool remove_container(std::string_view id, bool force = true, bool volumes = true) const override;
  nlohmann::json inspect_container(std::string_view id) const override;
  std::vector<ContainerSummary> list_containers(std::string_view label_key) const override;
  CapturedOutput container_logs(std::string_view id, const LogsOptions& options = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                Cancel cancel = nullptr) const override;
  bool follow_container_logs(std::string_view id, const LogsOptions& options,
                             const FollowSink& sink, std::chrono::milliseconds timeout,
                             Cancel cancel = nullptr) const override;

  // ---- networks and volumes
  void create_network(std::string_view name,
                      const std::map<std::string, std::string>& labels) const override;
  bool remove_network(std::string_view name) const override;
  std::vector<NamedResource> list_networks(std::string_view label_key) const override;
  bool volume_exists(std::string_view name) const override;
  void create_volume(std::string_view name,
                     const std::map<std::string, std::string>& labels) const override;
  bool remove_volume(std::string_view name) const override;
  std::vector<NamedResource> list_volumes(std::string_view label_key) const override;
  // ---- archive
  void put_archive(std::string_view id, std::string_view dest_dir, const ByteSource& source,
                   Cancel cancel = nullptr) const override;
  PathStat get_archive(std::string_view id, std::string_view path, const ByteSink& sink,
                       Cancel cancel = nullptr) const override;

  // ---- exec (never a TTY, never stdin)
  std::string create_exec(std::string_view container_id, const ExecConfig& config) const;
  // Runs it attached and streams its output until it ends; `timeout` bounds it (kTimeout; the
  // process is not killed: kill or remove the container).
  void start_exec(std::string_view exec_id, const OutputSink& sink,
                  std::chrono::milliseconds timeout, Cancel cancel = nullptr) const;
  // The same, collected within `limit`.
  CapturedOutput start_exec(std::string_view exec_id, std::chrono::milliseconds timeout,
                            Cancel cancel = nullptr, const OutputLimit& limit = {}) const;
  ExecState inspect_exec(std::string_view exec_id) const;
  // create + start + inspect: the exit code and the collected output.
  ExecResult run_exec(std::string_view container_id, const ExecConfig& config,
                      std::chrono::milliseconds timeout, Cancel cancel = nullptr) const override;

 private:
  Endpoint endpoint_;
  Timeouts timeouts_;
  ApiVersion api_version_;
};

}  // namespace minify::engine
