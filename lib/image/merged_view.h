#pragma once
// The filesystem a container of the image sees, built from the layer indexes exactly as the engine
// applies them, and what each layer changed on the way:
// - `.wh.NAME` deletes NAME (and everything under it) from the layers below;
// - `.wh..wh..opq` empties a directory of what the layers below put there; entries of the same
//   layer stay (whiteouts apply to lower layers only, as the OCI image spec says);
// - a later entry replaces an earlier one; a directory over a directory keeps the children and
//   takes the new metadata; anything else over a directory removes the directory's subtree;
// - a hard link takes its target's metadata and contents (the target must exist by then);
// - a missing parent directory is created as the engine does (0755, root).
// An entry under a symlink (a/b with a -> /etc) is refused, never followed, as is an entry under
// a non-directory: the engine would write through the link or fail.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "image/file_info.h"
#include "image/layer_index.h"

namespace minify::image {

struct MergedEntry {
  FileInfo info;              // type is never kHardLink, kWhiteout or kOpaqueDir
  std::string hard_link;      // when it came as a hard link: the path it was linked to
  std::uint32_t layer = 0;    // the layer that wrote it last
  std::uint64_t content = 0;  // identity of its bytes (hard links share it); 0 = no bytes
};

// What one layer did to the filesystem below it. "Files" are entries that are not directories.
struct LayerChanges {
  std::uint64_t files = 0, bytes = 0;                    // everything the layer ships
  std::uint64_t added_files = 0, added_bytes = 0;        // new paths
  std::uint64_t modified_files = 0, modified_bytes = 0;  // paths it replaced
  std::uint64_t removed_files = 0, removed_bytes = 0;    // paths it deleted (bytes they held)
  std::uint64_t wasted_bytes = 0;  // bytes it ships that a later layer replaced or deleted
};

// A file whose bytes ship in a layer but are not in the final filesystem.
struct WastedFile {
  std::string path;
  std::uint64_t bytes = 0;
  std::uint32_t layer = 0;             // where the bytes ship
  std::uint32_t removed_in_layer = 0;  // which layer replaced or deleted them
};

struct MergedView {
  std::map<std::string, MergedEntry> entries;  // by path, sorted; the root itself is not listed
  std::vector<LayerChanges> layers;            // one per layer, bottom first
  std::uint64_t shipped_bytes = 0;             // file bytes in all layers
  std::uint64_t visible_bytes = 0;  // file bytes in the final filesystem (hard links counted once)
  std::uint64_t wasted_bytes = 0;   // shipped_bytes - visible_bytes
  // dive's efficiency: over every path, the smallest of its copies summed, divided by all its
  // copies summed. A copy is each entry written at the path (its bytes) and each deletion (0
  // bytes). 1.0 when nothing ships.
  double efficiency = 1.0;
  std::vector<WastedFile> wasted;  // largest first; one per wasted content (hard links once)
};

// What a hostile image may not make the view hold: the paths it writes (missing parents
// included), summed over every entry. 128 MiB is over a million paths of 100 bytes, more than
// real images hold, and keeps the view under about 300 MB (each path is held twice, as the key and
// in its FileInfo, with a map node around them).
constexpr std::uint64_t kMaxPathBytes = std::uint64_t{128} << 20;

// Throws ImageError (naming the layer and the entry) for an entry under a symlink or a
// non-directory, a hard link whose target does not exist or is a directory, paths past
// kMaxPathBytes, or sizes whose sum would not fit in 64 bits: every total of the view and of
// what is computed from its entries (a hard link counted at its target's size) is then exact.
// Sums are checked, not saturated: a saturated total would make wasted = shipped - visible
// meaningless, and no real image claims 16 EiB.
MergedView merge_layers(const std::vector<const LayerIndex*>& layers);

}  // namespace minify::image
