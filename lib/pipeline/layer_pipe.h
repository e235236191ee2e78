#pragma once
// The named pipe the pack container streams the slim image's layer through, when the engine
// shares this machine's files: the bytes go from `sensor pack --stream` straight to the host as
// they are written, with no tar file in the container and no pass through the engine's archive
// API (which cost the engine 0.6 s of CPU for 188 MB here, beside its import of the same bytes).
// The layer is checked on the way all the same (pack/layer_check.h).
//
// Made in the build's private directory (mode 0700: nobody else on this machine reaches the pipe
// in it, writable as it must be by the pack container's root), its read end held open from the
// start, so that the sensor's open for writing, which does not wait, finds a reader. Mounted in
// the pack container at a name of its own under the sensor's directory
// (protocol::kLayerPipePrefix), where the image cannot have planted anything (a directory there
// would fail the engine's mount, and every archive call with it). An engine that does not see
// this machine's files refuses the mount, and the pack container is made without it
// (pack_stage.h): the layer then comes through the archive API.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace minify::pipeline {

class LayerPipe {
 public:
  // Makes the pipe in `dir` and opens its read end. Throws std::runtime_error when it cannot.
  explicit LayerPipe(const std::filesystem::path& dir);
  ~LayerPipe();  // closes the read end (the pipe goes with `dir`)
  LayerPipe(const LayerPipe&) = delete;
  LayerPipe& operator=(const LayerPipe&) = delete;

  // Where it is in the pack container (what `sensor pack --stream` is told), and the
  // HostConfig.Mounts item that puts it there.
  const std::string& target() const { return target_; }
  nlohmann::json mount() const;

  // Call once the writer has the pipe open (the sensor said it streams; a read before that would
  // see the end at once). Up to `capacity` bytes into `buffer`, waiting for them; 0 when the
  // writer closed its end. Throws Interrupted on `cancel`, std::runtime_error when no byte came
  // for `idle` (a writer that holds the pipe and sends nothing: not the size of the layer, which
  // a slow import of a big one may take long to read).
  std::size_t read(char* buffer, std::size_t capacity, std::chrono::milliseconds idle,
                   const std::atomic<bool>* cancel);

  // The next line (the pack summary, ahead of the tar), without its '\n'; what came after it is
  // where read() goes on. nullopt once more than `max_bytes` came without a '\n' (the rest left
  // unread). Throws std::runtime_error when the writer closes before the line ends, as read().
  std::optional<std::string> read_line(std::size_t max_bytes, std::chrono::milliseconds idle,
                                       const std::atomic<bool>* cancel);

 private:
  std::filesystem::path path_;
  std::string target_;
  int fd_ = -1;
  std::string ahead_;  // read past the line read_line returned: read() gives it first
};

}  // namespace minify::pipeline
