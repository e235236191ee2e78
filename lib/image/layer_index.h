#pragma once
// Indexes one layer: reads its tar stream (plain, gzip or zstd) once and keeps every entry's
// metadata, never its contents. Whiteouts are kept as entries (kWhiteout, kOpaqueDir) for the
// merged view to apply; hard links keep their normalised target (kHardLink).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "image/byte_reader.h"
#include "image/file_info.h"

namespace minify::image {

struct LayerIndex {
  std::vector<FileInfo> entries;  // in tar order
  // The few small files whose contents explain an image (which distro, which packages); kept whole
  // when the layer carries them. Path (normalised) -> contents.
  std::map<std::string, std::string> captured;
};

// The files kept in LayerIndex::captured: os-release and dpkg's status database.
bool is_captured_file(std::string_view path);

// What indexing does beyond metadata. Both cost only what the layer's bytes cost to pass by: the
// contents are read anyway (a tar is a stream), hashing them is the one extra.
struct IndexOptions {
  // Which regular files get their FileInfo::digest, by normalised path and size (`minify diff`
  // tells same-size files apart by it). Null: none.
  std::function<bool(std::string_view path, std::uint64_t size)> hash;
  // More regular files to keep in LayerIndex::captured, besides is_captured_file()'s: called with
  // the normalised path and the size; those above kMaxCapturedBytes are never kept.
  std::function<bool(std::string_view path, std::uint64_t size)> capture;
};

// A captured file above this is not what we think it is (dpkg's status of a large image is a few
// MB): it is indexed, not kept.
constexpr std::uint64_t kMaxCapturedBytes = 32 << 20;

// Reads a whole layer tar from `read`. `name` says which layer in error messages.
// Throws ImageError on a corrupt stream or a hostile name (absolute, or climbing above the root).
LayerIndex index_layer(const ByteReader& read, std::string_view name,
                       const IndexOptions& options = {});

}  // namespace minify::image
