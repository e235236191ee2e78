#pragma once
// Engine calls only tests make (set-up, clean-up, checks on what minify left behind), kept out of
// EngineClient's API: minify itself never lists, tags, removes or kills. Each is one Engine API
// request over the client's transport, with the client's contract (engine/engine_client.h):
// failures throw EngineError with a one-line message. In namespace minify::engine so that a call
// on a client reads `ping(engine)`, found by argument-dependent lookup.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine_client.h"

namespace minify::engine {

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

// ---- system
void ping(const EngineClient& client);  // GET /_ping
nlohmann::json info(const EngineClient& client);

// ---- images
bool image_exists(const EngineClient& client, std::string_view name);
std::vector<ImageSummary> list_images(const EngineClient& client,
                                      const ImageListOptions& options = {});
// Returns the engine's report ([{"Untagged": ...}, {"Deleted": ...}]).
nlohmann::json remove_image(const EngineClient& client, std::string_view name, bool force = false,
                            bool prune_parents = true);
std::vector<HistoryEntry> image_history(const EngineClient& client, std::string_view name);
// GET /images/get?names=...: one docker-archive tar of several images.
void export_images(const EngineClient& client, const std::vector<std::string>& names,
                   const ByteSink& sink, Cancel cancel = nullptr);
LoadResult load_images_from_file(const EngineClient& client, const std::filesystem::path& tar,
                                 Cancel cancel = nullptr);

// ---- containers
// `signal` is a name ("SIGTERM", "TERM") or number ("15"). Not running: kConflict.
void kill_container(const EngineClient& client, std::string_view id,
                    std::string_view signal = "SIGKILL");

// ---- archive
// HEAD of the archive API: what is at `path`; 404 -> kNotFound.
PathStat stat_path(const EngineClient& client, std::string_view id, std::string_view path);

}  // namespace minify::engine
