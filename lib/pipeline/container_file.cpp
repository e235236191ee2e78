#include "pipeline/container_file.h"

#include <stdexcept>

#include "pipeline/archive_files.h"

namespace minify::pipeline {
namespace {

// The archive API wraps the file in a tar: its header, a pax header for a long name or big
// numbers, the padding and the end blocks. 64 KiB is far more than they take.
constexpr std::uint64_t kTarRoom = 64 * 1024;

}  // namespace

std::string bound_text(std::uint64_t bytes) {
  constexpr std::uint64_t kKiB = 1024, kMiB = kKiB * 1024;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string read_container_file(const engine::Engine& engine, std::string_view id,
                                std::string_view path, const FileBound& bound,
                                engine::Cancel cancel,
                                const std::function<void(std::size_t)>& on_bytes) {
  const std::uint64_t most = bound.max_bytes + kTarRoom;
  auto too_big = [&] {
    return std::runtime_error(
        bound.what + " is larger than " + bound_text(bound.max_bytes) +
        (bound.raised_with.empty() ? "" : " (" + bound.raised_with + " raises the bound)"));
  };
  std::string tar;
  // Reserved, not touched: growing by doubling would copy the bytes and hold them twice.
  tar.reserve(most);
  engine.get_archive(
      id, path,
      [&](std::string_view chunk) {
        if (tar.size() + chunk.size() > most) throw too_big();
        tar.append(chunk);
        if (on_bytes) on_bytes(chunk.size());
      },
      cancel);
  std::string content = single_file_of(tar, bound.what);
  if (content.size() > bound.max_bytes) throw too_big();
  return content;
}

void put_container_files(const engine::Engine& engine, std::string_view id,
                         const std::vector<FileToPut>& files, engine::Cancel cancel) {
  const std::string tar = tar_of(files);
  engine.put_archive(id, "/", engine::source_of(tar), cancel);
}

}  // namespace minify::pipeline
