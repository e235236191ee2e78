#pragma once
// A typed client of the Docker Engine API (and Podman's compatible API) over a unix socket or plain
// TCP. It knows the API's shapes, not image formats: bodies it streams are opaque bytes.
//
// Contract for every call:
// - Failure throws EngineError (engine/engine_error.h) with a one-line message naming what was
//   being done and the engine's own message. Exceptions thrown by a caller's sink or source
//   propagate unchanged after the request is aborted.
// - Nothing waits forever: short calls are bounded by Timeouts::request; streaming calls by
//   Timeouts::stream of silence; waits and exec by the timeout they take.
// - Long calls take `Cancel cancel`: when *cancel becomes true the call aborts within ~100 ms and
//   throws EngineError(kCancelled). Setting the flag from a signal handler is fine.
// - Big bodies (export, load, archive) are streamed in chunks of at most ~1 MiB, never held whole.
// - The object holds no connection (one per call) and no mutable state: copy it freely and use
//   it from several threads at once (e.g. follow logs while waiting for a container).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api_version.h"
#include "engine/endpoint.h"
#include "engine/engine_error.h"
#include "engine/load_messages.h"
#include "engine/stream_demux.h"

namespace minify::engine {

// Raised (set to true) by the caller to abort a long call; nullptr: the call is not cancellable.
using Cancel = const std::atomic<bool>*;

// Receives a streamed response body chunk by chunk, in order. Throw to abort the call.
using ByteSink = std::function<void(std::string_view chunk)>;

// Fills `buffer` with up to `capacity` bytes of a request body and returns how many; 0 means the
// end. Throw to abort the call.
using ByteSource = std::function<size_t(char* buffer, size_t capacity)>;

struct Timeouts {
  std::chrono::milliseconds connect{5'000};   // establishing a connection
  std::chrono::milliseconds request{60'000};  // a whole short call (inspect, create, start, ...)
  std::chrono::milliseconds stream{600'000};  // longest silence on a streaming call: the engine
                                              // writes a whole export to disk before its first byte
};

struct EngineVersion {
  std::string version;          // "20.10.24+dfsg1"
  std::string api_version;      // the engine's own, e.g. "1.41"
  std::string min_api_version;  // "1.12"
  std::string os;               // "linux"
  std::string arch;             // "amd64"
  std::string kernel_version;
  nlohmann::json raw;  // the whole answer
};

struct ImageSummary {
  std::string id;  // "sha256:..."
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;
  int64_t size = 0;
  int64_t created = 0;  // unix seconds
  std::map<std::string, std::string> labels;
};

struct ImageListOptions {
  bool all = false;                    // include intermediate images
  std::vector<std::string> reference;  // filter "reference", e.g. "minify-fixture/*"
  std::vector<std::string> label;      // filter "label", e.g. "minify" or "minify.test=123"
  std::optional<bool> dangling;
};

struct HistoryEntry {
  std::string id;  // "<missing>" for layers built elsewhere
  int64_t created = 0;
  std::string created_by;
  std::vector<std::string> tags;
  int64_t size = 0;
  std::string comment;
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

struct LogsOptions {
  bool stdout_stream = true;
  bool stderr_stream = true;
  bool follow = false;  // keep streaming until the container stops (bounded by the timeout)
  bool timestamps = false;
  std::string tail = "all";
  int64_t since = 0;  // unix seconds; 0: from the start
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
};

struct ExecState {
  std::string id;
  std::string container_id;
  bool running = false;
  std::optional<int64_t> exit_code;  // set once it has exited
  int64_t pid = 0;
};

struct ExecResult {
  int64_t exit_code = 0;
  std::string out;
  std::string err;
};

class EngineClient {
 public:
  // Negotiates the API version with GET /version. Throws EngineError: kUnreachable,
  // kPermissionDenied, kApiTooOld.
  explicit EngineClient(Endpoint endpoint, Timeouts timeouts = {});

  const Endpoint& endpoint() const { return endpoint_; }
  ApiVersion api_version() const { return api_version_; }
  const Timeouts& timeouts() const { return timeouts_; }

  // ---- system
  void ping() const;  // GET /_ping
  EngineVersion version() const;
  nlohmann::json info() const;

  // ---- images. `name` is a reference ("repo:tag", "repo@sha256:...") or an id.
  nlohmann::json inspect_image(std::string_view name) const;  // 404: "image 'name' not found"
  bool image_exists(std::string_view name) const;
  std::vector<ImageSummary> list_images(const ImageListOptions& options = {}) const;
  // Tags `source` as `target` ("repo:tag"; ":latest" when no tag).
  void tag_image(std::string_view source, std::string_view target) const;
  // Returns the engine's report ([{"Untagged": ...}, {"Deleted": ...}]).
  nlohmann::json remove_image(std::string_view name, bool force = false,
                              bool prune_parents = true) const;
  std::vector<HistoryEntry> image_history(std::string_view name) const;

  // GET /images/{name}/get (one) or /images/get?names=... (several): a docker-archive tar.
  void export_images(const std::vector<std::string>& names, const ByteSink& sink,
                     Cancel cancel = nullptr) const;
  void export_image(std::string_view name, const ByteSink& sink, Cancel cancel = nullptr) const;

  // POST /images/load with a chunked body. An {"error": ...} in the engine's answer throws
  // EngineError (kBadRequest) carrying that message.
  LoadResult load_images(const ByteSource& source, Cancel cancel = nullptr) const;
  LoadResult load_images_from_file(const std::filesystem::path& tar, Cancel cancel = nullptr) const;

  // ---- containers. `id` is an id or a name.
  // `config` is the body of POST /containers/create (Image, Cmd, Entrypoint, Labels, HostConfig,
  // ...), passed as is: labelling it "minify" is the caller's job. `name` empty: engine-chosen.
  ContainerCreated create_container(const nlohmann::json& config, std::string_view name = {}) const;
  void start_container(std::string_view id) const;  // already running: no error
  // Waits for `condition`; std::nullopt when `timeout` passed first (the container is untouched).
  // For kNotRunning, call it after start: a created, never-started container is "not running".
  std::optional<WaitResult> wait_container(
      std::string_view id, std::chrono::milliseconds timeout, Cancel cancel = nullptr,
      WaitCondition condition = WaitCondition::kNotRunning) const;
  // `signal` is a name ("SIGTERM", "TERM") or number ("15"). Not running: kConflict.
  void kill_container(std::string_view id, std::string_view signal = "SIGKILL") const;
  // Sends the container's StopSignal, then SIGKILL after `grace`. Already stopped: no error.
  void stop_container(std::string_view id, std::chrono::seconds grace) const;
  // Returns false when there was no such container (so cleanup paths can call it blindly).
  bool remove_container(std::string_view id, bool force = true, bool volumes = true) const;
  nlohmann::json inspect_container(std::string_view id) const;
  // Logs, demultiplexed (or passed through as stdout for a TTY container). With follow, ends when
  // the container stops; `timeout` bounds the whole call (kTimeout).
  void stream_container_logs(std::string_view id, const LogsOptions& options,
                             const OutputSink& sink, std::chrono::milliseconds timeout,
                             Cancel cancel = nullptr) const;
  CapturedOutput container_logs(std::string_view id, const LogsOptions& options = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                Cancel cancel = nullptr) const;

  // ---- archive
  // Extracts the tar from `source` into directory `dest_dir` of the container (which must exist).
  void put_archive(std::string_view id, std::string_view dest_dir, const ByteSource& source,
                   Cancel cancel = nullptr) const;
  // Streams a tar of `path` (file or directory; its base name is the tar's top entry) to `sink`.
  PathStat get_archive(std::string_view id, std::string_view path, const ByteSink& sink,
                       Cancel cancel = nullptr) const;
  // HEAD of the archive API: what is at `path`; 404 -> kNotFound.
  PathStat stat_path(std::string_view id, std::string_view path) const;

  // ---- exec (never a TTY, never stdin)
  std::string create_exec(std::string_view container_id, const ExecConfig& config) const;
  // Runs it attached and streams its output until it ends; `timeout` bounds it (kTimeout; the
  // process is not killed: kill or remove the container).
  void start_exec(std::string_view exec_id, const OutputSink& sink,
                  std::chrono::milliseconds timeout, Cancel cancel = nullptr) const;
  CapturedOutput start_exec(std::string_view exec_id, std::chrono::milliseconds timeout,
                            Cancel cancel = nullptr) const;
  ExecState inspect_exec(std::string_view exec_id) const;
  // create + start + inspect: the exit code and the collected output.
  ExecResult run_exec(std::string_view container_id, const ExecConfig& config,
                      std::chrono::milliseconds timeout, Cancel cancel = nullptr) const;

 private:
  Endpoint endpoint_;
  Timeouts timeouts_;
  ApiVersion api_version_;
};

}  // namespace minify::engine
