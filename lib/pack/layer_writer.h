#pragma once
// The slim image's one layer, written from the pack container's tar of the keep-set.
//
// Contract. Every entry of the input keeps its bytes and metadata: type, mode, numeric owner and
// names, mtime, xattrs (file capabilities among them), link targets, device numbers. Hard links
// stay hard links. The output is deterministic: entries sorted by path (a directory before what
// it holds), atime/ctime dropped, pax headers only where ustar cannot say it; the same input gives
// the same bytes, hence the same diff_id. Files keep their original mtimes rather than zeroed ones
// because they are part of the files' behaviour: Python's .pyc caches are valid only while the
// source's mtime matches the one recorded in them. Directories get mtime 0: in the pack container
// theirs record when the container was made, not anything of the image.
// Names are made relative ("./usr/bin" and "/usr/bin" are "usr/bin"); a name or hard-link target
// that escapes the root ("..") is an error; the sensor's own directory (.minify) and whiteouts are
// left out. Names and link targets are bytes, copied unchanged whatever the locale (not only
// UTF-8: see lib/byte_names/README.md). The input is read twice (headers, then bytes in sorted
// order) and never held in memory.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::pack {

struct LayerEntry {
  std::string path;  // relative, no trailing '/'
  char type =
      'f';  // 'f' file, 'd' directory, 'l' symlink, 'h' hard link, 'c'/'b'/'p' devices, fifo
  std::int64_t size = 0;  // bytes of content (regular files only)
};

struct LayerInfo {
  std::string diff_id;  // "sha256:..." of the uncompressed layer tar
  std::int64_t tar_size = 0;
  std::int64_t content_bytes = 0;   // sum of regular files' sizes (hard links counted once)
  std::vector<LayerEntry> entries;  // in layer order
};

// Reads `input_tar` (any tar flavour libarchive reads) and writes the layer to `output_tar`.
// Throws std::runtime_error naming the entry at fault for a corrupt tar or an escaping path.
LayerInfo write_layer(const std::filesystem::path& input_tar,
                      const std::filesystem::path& output_tar);

// The same layer, byte for byte, written to `sink` rather than a file: no layer file on disk.
// `sized` is told the layer's size before its first byte (a pass over the input's headers alone
// gives it), for a container format that needs it up front (a docker-archive's tar entry).
// Exceptions from `sized` and `sink` propagate.
LayerInfo stream_layer(const std::filesystem::path& input_tar,
                       const std::function<void(std::int64_t)>& sized,
                       const std::function<void(std::string_view)>& sink);

}  // namespace minify::pack
