#pragma once
// The engine calls minify's pipeline makes (lib/pipeline, lib/pack): what a container build needs
// of a Docker-compatible engine, and nothing more. EngineClient (engine/engine_client.h) is the
// real one; tests drive the pipeline with an in-memory one (tests/support/fake_engine.h).
//
// Contract for every call (the implementation's to keep):
// - Failure throws EngineError (engine/engine_error.h) with a one-line message naming what was
//   being done and the engine's own message. Exceptions thrown by a caller's sink or source
//   propagate unchanged after the request is aborted.
// - Nothing waits forever: every call is bounded (waits and exec by the timeout they take).
// - Long calls take `Cancel cancel`: when *cancel becomes true the call aborts within ~100 ms and
//   throws EngineError(kCancelled). Setting the flag from a signal handler is fine.
// - Big bodies (load, archive) are streamed in chunks, never held whole.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine_error.h"
#include "engine/engine_kind.h"
#include "engine/load_messages.h"
#include "engine/output_capture.h"
#include "engine/registry_messages.h"
#include "engine/stream_demux.h"

namespace minify::engine {

// Raised (set to true) by the caller to abort a long call; nullptr: the call is not cancellable.
using Cancel = const std::atomic<bool>*;

// Receives a streamed response body chunk by chunk, in order. Throw to abort the call.
using ByteSink = std::function<void(std::string_view chunk)>;

// Fills `buffer` with up to `capacity` bytes of a request body and returns how many; 0 means the
// end. Throw to abort the call.
using ByteSource = std::function<size_t(char* buffer, size_t capacity)>;

// A ByteSource of `bytes` held in memory (which must outlive it): the body of a small request.
inline ByteSource source_of(std::string_view bytes) {
  return [bytes, at = size_t{0}](char* buffer, size_t capacity) mutable {
    size_t n = std::min(capacity, bytes.size() - at);
    std::copy_n(bytes.data() + at, n, buffer);
    at += n;
    return n;
  };
}

struct EngineVersion {
  std::string version;          // "20.10.24+dfsg1"
  std::string api_version;      // the engine's own, e.g. "1.41"
  std::string min_api_version;  // "1.12"
  std::string os;               // "linux"
  std::string arch;             // "amd64"
  std::string kernel_version;
  EngineKind kind = EngineKind::kDocker;
  nlohmann::json raw;  // the whole answer
};

// One container as GET /containers/json lists it.
struct ContainerSummary {
  std::string id;
  std::map<std::string, std::string> labels;
  std::string state;  // "created", "running", "exited", ...
};

// A network or a volume as the engine lists it.
struct NamedResource {
  std::string name;
  std::map<std::string, std::string> labels;
};

struct ContainerCreated {
  std::string id;
  std::vector<std::string> warnings;
};

enum class WaitCondition { kNotRunning, kNextExit, kRemoved };

struct WaitResult {
  int64_t exit_code = 0;
  std::string error;  // the engine's Error.Message, when it reported one
};

// Receives a followed container's output as the engine sends it; returns false to stop following.
using FollowSink = std::function<bool(StreamKind kind, std::string_view bytes)>;

struct LogsOptions {
  bool stdout_stream = true;
  bool stderr_stream = true;
  bool follow = false;  // keep streaming until the container stops (bounded by the timeout)
  bool timestamps = false;
  std::string tail = "all";
  int64_t since = 0;  // unix seconds; 0: from the start
  OutputLimit limit;  // how much of each stream is kept
};

// A path in a container, as the archive API reports it (X-Docker-Container-Path-Stat).
struct PathStat {
  std::string name;
  int64_t size = 0;
  uint32_t mode = 0;  // Go's os.FileMode bits: permission bits plus type flags (dir = 1u << 31)
  std::string mtime;  // RFC 3339
  std::string link_target;
};

struct ExecConfig {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "KEY=value"
  std::string user;              // "" (the container's), "uid", "uid:gid" or a name
  std::string working_dir;       // "" (the container's)
  bool attach_stdout = true;
  bool attach_stderr = true;
  OutputLimit limit;  // how much of each stream is kept
};

struct ExecResult {
  int64_t exit_code = 0;
  std::string out;
  std::string err;
  std::uint64_t dropped = 0;  // output bytes past ExecConfig::limit, not kept
};

class Engine {
 public:
  virtual ~Engine() = default;

  // GET /version.
  virtual EngineVersion version() const = 0;
  // GET /info, as the engine answers it (engine/image_store.h reads its storage driver).
  virtual nlohmann::json info() const = 0;

  // ---- images. `name` is a reference ("repo:tag", "repo@sha256:...") or an id.
  // 404: EngineError(kNotFound) "image 'name' not found".
  virtual nlohmann::json inspect_image(std::string_view name) const = 0;
  // POST /images/load with a chunked body. An {"error": ...} in the engine's answer throws
  // EngineError (kBadRequest) carrying that message.
  virtual LoadResult load_images(const ByteSource& source, Cancel cancel = nullptr) const = 0;
  // POST /images/create?fromSrc=- with the body `layer_tar`, an uncompressed layer tar: the engine
  // registers the layer as it reads it and makes an image of that one layer named `reference`
  // ("repo:tag"), with a config of its own. Returns the image's id ("sha256:..."). An
  // {"error": ...} message in the answer throws EngineError carrying the engine's message.
  virtual std::string import_image(const ByteSource& layer_tar, std::string_view reference,
                                   Cancel cancel = nullptr) const = 0;
  // POST /images/{id}/tag: `reference` ("repo:tag", "host:5000/repo:tag") now names image `id`.
  // A reference with no repository, an empty tag or a digest throws kBadRequest before any call.
  virtual void tag_image(std::string_view id, std::string_view reference) const = 0;
  // DELETE /images/{name} without force: a reference is untagged, and the image goes when no
  // other reference or container holds it. Returns false when there was no such image.
  virtual bool remove_image(std::string_view name) const = 0;

  // ---- registries. `reference` names a tag or a digest ("host:5000/app:1", "app@sha256:...";
  // no tag: "latest"); `registry_auth` is the X-Registry-Auth header (engine/registry_auth.h).
  // Every progress message goes to `progress`. The registry's refusal (an "error" message in the
  // stream, or the engine's error status) throws EngineError: "pull 'REF': <what was said>".
  // POST /images/create?fromImage=NAME&tag=TAG.
  virtual void pull_image(std::string_view reference, std::string_view registry_auth,
                          const RegistryProgressSink& progress, Cancel cancel = nullptr) const = 0;
  // POST /images/{NAME}/push?tag=TAG. Returns the digest the registry gave the pushed manifest
  // ("" when the engine did not say).
  virtual std::string push_image(std::string_view reference, std::string_view registry_auth,
                                 const RegistryProgressSink& progress,
                                 Cancel cancel = nullptr) const = 0;

  // ---- containers. `id` is an id or a name.
  // `config` is the body of POST /containers/create (Image, Cmd, Entrypoint, Labels, HostConfig,
  // ...), passed as is: labelling it "minify" is the caller's job. `name` empty: engine-chosen.
  virtual ContainerCreated create_container(const nlohmann::json& config,
                                            std::string_view name = {}) const = 0;
  virtual void start_container(std::string_view id) const = 0;  // already running: no error
  // Waits for `condition`; std::nullopt when `timeout` passed first (the container is untouched).
  // For kNotRunning, call it after start: a created, never-started container is "not running".
  virtual std::optional<WaitResult> wait_container(
      std::string_view id, std::chrono::milliseconds timeout, Cancel cancel = nullptr,
      WaitCondition condition = WaitCondition::kNotRunning) const = 0;
  // Sends the container's StopSignal, then SIGKILL after `grace`. Already stopped: no error.
  virtual void stop_container(std::string_view id, std::chrono::seconds grace) const = 0;
  // Sends `signal` ("SIGTERM", "QUIT", "15": as an image's StopSignal spells it) to the
  // container's first process, and returns at once. Not running: EngineError (kConflict).
  virtual void kill_container(std::string_view id, std::string_view signal) const = 0;
  // Returns false when there was no such container (so cleanup paths can call it blindly).
  virtual bool remove_container(std::string_view id, bool force = true,
                                bool volumes = true) const = 0;
  virtual nlohmann::json inspect_container(std::string_view id) const = 0;
  // GET /containers/json?all=1 with a label filter: every container, running or not, carrying
  // label `label_key` (whatever its value).
  virtual std::vector<ContainerSummary> list_containers(std::string_view label_key) const = 0;
  // Logs, demultiplexed (or passed through as stdout for a TTY container), kept within
  // `options.limit`; `timeout` bounds the whole call (kTimeout).
  virtual CapturedOutput container_logs(
      std::string_view id, const LogsOptions& options = {},
      std::chrono::milliseconds timeout = std::chrono::seconds(60),
      Cancel cancel = nullptr) const = 0;
  // Follows the logs of a running container (GET /containers/{id}/logs?follow=1): what `options`
  // selects (streams, tail, since; `follow` and `limit` do not apply) goes to `sink` piece by
  // piece as the engine sends it, demultiplexed (a TTY container's as stdout), nothing kept.
  // Returns true once `sink` returned false (the stream is closed then), false when the output
  // ended: the container stopped. `timeout` bounds the whole call (kTimeout).
  virtual bool follow_container_logs(std::string_view id, const LogsOptions& options,
                                     const FollowSink& sink, std::chrono::milliseconds timeout,
                                     Cancel cancel = nullptr) const = 0;

  // ---- networks and volumes (a run's companions: compose's network, the volumes it makes).
  // `name` is a name (or an id). Creating one that exists throws (kConflict for a network).
  virtual void create_network(std::string_view name,
                              const std::map<std::string, std::string>& labels) const = 0;
  // Returns false when there was no such network.
  virtual bool remove_network(std::string_view name) const = 0;
  // Every network carrying label `label_key`, whatever its value.
  virtual std::vector<NamedResource> list_networks(std::string_view label_key) const = 0;
  virtual bool volume_exists(std::string_view name) const = 0;
  virtual void create_volume(std::string_view name,
                             const std::map<std::string, std::string>& labels) const = 0;
  // Returns false when there was no such volume; one in use throws.
  virtual bool remove_volume(std::string_view name) const = 0;
  virtual std::vector<NamedResource> list_volumes(std::string_view label_key) const = 0;

  // ---- archive
  // Extracts the tar from `source` into directory `dest_dir` of the container (which must exist).
  virtual void put_archive(std::string_view id, std::string_view dest_dir, const ByteSource& source,
                           Cancel cancel = nullptr) const = 0;
  // Streams a tar of `path` (file or directory; its base name is the tar's top entry) to `sink`.
  virtual PathStat get_archive(std::string_view id, std::string_view path, const ByteSink& sink,
                               Cancel cancel = nullptr) const = 0;

  // ---- exec (never a TTY, never stdin): runs `config.argv` in the container and returns its
  // exit code and its output, kept within `config.limit`; `timeout` bounds it (kTimeout).
  virtual ExecResult run_exec(std::string_view container_id, const ExecConfig& config,
                              std::chrono::milliseconds timeout, Cancel cancel = nullptr) const = 0;
};

}  // namespace minify::engine
