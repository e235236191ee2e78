#pragma once
// The slim image's one layer, passed from the pack container to where it goes (the engine's
// load, a file) unchanged and checked on the way. `sensor pack` writes the keep-set tar in the
// layer's final form (sensor/pack_mode/tar_writer.h states it); what comes out of a container is
// still not to be trusted blindly (the image under analysis chose every file the pack container
// holds), so nothing passes unchecked that the engine would extract.
//
// Checked, entry by entry, as the bytes pass: a valid tar; names relative ("usr/bin", never
// "/usr/bin", "./x" or an empty name) with no ".." and no empty or "." component; names in
// strictly increasing byte order (each name once, a directory before what it holds); nothing of
// the sensor's own directory (.minify) and no whiteout (.wh.*); hard links only to a regular
// file named before them; at most `bounds.entries` entries and `bounds.bytes` bytes of content.
// Names are bytes, not always UTF-8 (lib/byte_names/README.md).

#include <cstdint>
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

struct LayerBounds {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;  // of regular files' content
};

// Reads the layer tar from `read` (which returns up to `capacity` bytes into `buffer`, 0 at its
// end) to its very end, every byte of it (end blocks and padding included) going to `sink` as it
// was read, hashed and counted on the way. Throws std::runtime_error naming the entry at fault
// (the bytes before it have gone to `sink`: the caller undoes what they went into);
// exceptions from `read` and `sink` propagate.
LayerInfo pass_checked_layer(
    const std::function<std::size_t(char* buffer, std::size_t capacity)>& read,
    const std::function<void(std::string_view)>& sink, const LayerBounds& bounds);

}  // namespace minify::pack
