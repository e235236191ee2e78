#include "image/merged_view.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "image/entry_path.h"
#include "image/image_error.h"

namespace minify::image {

namespace {

bool is_dir(const FileInfo& info) {
  return info.type == FileType::kDirectory;
}

// Applies layers one by one and keeps what the statistics need beyond the final filesystem.
class Merger {
 public:
  explicit Merger(std::size_t layer_count) { view_.layers.resize(layer_count); }

  void apply(std::uint32_t layer, const LayerIndex& index) {
    // Whiteouts first: they delete from the layers below, never from their own layer.
    for (const FileInfo& entry : index.entries) {
      if (entry.type == FileType::kOpaqueDir) remove_subtree(entry.path, layer);
      if (entry.type == FileType::kWhiteout) remove_path(entry.path, layer);
    }
    for (const FileInfo& entry : index.entries) {
      if (entry.type != FileType::kOpaqueDir && entry.type != FileType::kWhiteout) {
        add(entry, layer);
      }
    }
  }

  MergedView finish() {
    std::vector<bool> visible(content_bytes_.size(), false);
    for (const auto& [path, entry] : view_.entries) {
      if (entry.content != 0) visible[entry.content - 1] = true;
    }
    for (std::size_t i = 0; i < content_bytes_.size(); ++i) {
      if (visible[i]) {
        view_.visible_bytes += content_bytes_[i];
      } else {
        view_.layers[content_layer_[i]].wasted_bytes += content_bytes_[i];
      }
    }
    view_.wasted_bytes = view_.shipped_bytes - view_.visible_bytes;

    std::vector<bool> reported(content_bytes_.size(), false);
    for (Removal& removal : removals_) {
      std::size_t i = removal.content - 1;
      if (visible[i] || reported[i]) continue;
      reported[i] = true;
      view_.wasted.push_back(
          {std::move(removal.path), content_bytes_[i], content_layer_[i], removal.layer});
    }
    std::sort(view_.wasted.begin(), view_.wasted.end(), [](const auto& a, const auto& b) {
      return a.bytes != b.bytes ? a.bytes > b.bytes : a.path < b.path;
    });

    std::uint64_t smallest = 0, all = 0;
    for (const auto& [path, copies] : copies_) {
      smallest += copies.smallest;
      all += copies.sum;
    }
    view_.efficiency = all == 0 ? 1.0 : static_cast<double>(smallest) / static_cast<double>(all);
    return std::move(view_);
  }

 private:
  using Entries = std::map<std::string, MergedEntry>;
  struct PathCopies {
    std::uint64_t sum = 0;
    std::uint64_t smallest = 0;
  };
  struct Removal {
    std::uint64_t content;
    std::string path;
    std::uint32_t layer;
  };

  [[noreturn]] static void fail(std::uint32_t layer, const std::string& path,
                                const std::string& why) {
    throw ImageError("layer " + std::to_string(layer) + ": '" + path + "' " + why);
  }

  void add(const FileInfo& entry, std::uint32_t layer) {
    ensure_parent(entry.path, entry.path, layer);
    count_path(entry.path, entry.path, layer);
    count_apparent(entry, layer);
    MergedEntry next{entry, {}, layer, 0};
    std::uint64_t shipped = entry.type == FileType::kRegular ? entry.size : 0;
    if (entry.type == FileType::kHardLink) {
      auto target = view_.entries.find(entry.link_target);
      if (target == view_.entries.end()) {
        fail(layer, entry.path,
             "is a hard link to '" + entry.link_target + "', which does not exist");
      }
      if (is_dir(target->second.info)) {
        fail(layer, entry.path, "is a hard link to '" + entry.link_target + "', a directory");
      }
      next.info = target->second.info;
      next.info.path = entry.path;
      next.hard_link = entry.link_target;
      next.content = target->second.content;
    } else if (shipped > 0) {
      content_bytes_.push_back(shipped);
      content_layer_.push_back(layer);
      next.content = content_bytes_.size();
    }

    LayerChanges& changes = view_.layers[layer];
    if (!is_dir(next.info)) {
      changes.files += 1;
      changes.bytes += shipped;
      view_.shipped_bytes += shipped;
      add_copy(entry.path, shipped);
    }

    auto it = view_.entries.find(entry.path);
    if (it == view_.entries.end()) {
      if (!is_dir(next.info)) {
        changes.added_files += 1;
        changes.added_bytes += shipped;
      }
      view_.entries.emplace(entry.path, std::move(next));
      return;
    }
    MergedEntry& old = it->second;
    if (is_dir(old.info) && is_dir(next.info)) {  // directories merge: children stay
      old.info = std::move(next.info);
      old.layer = layer;
      return;
    }
    if (is_dir(old.info)) {
      remove_subtree(entry.path, layer);
      changes.added_files += 1;
      changes.added_bytes += shipped;
    } else if (is_dir(next.info)) {
      count_removal(old, entry.path, layer);
    } else {
      changes.modified_files += 1;
      changes.modified_bytes += shipped;
      if (old.content != 0) removals_.push_back({old.content, entry.path, layer});
    }
    it->second = std::move(next);
  }

  // Creates missing parents as the engine does; refuses to go through a symlink or a file. A loop,
  // not a recursion: a hostile layer may nest thousands of directories.
  void ensure_parent(const std::string& path, const std::string& entry_path, std::uint32_t layer) {
    std::vector<std::string_view> missing;  // deepest first
    std::string key;                        // one buffer for the lookups
    for (std::string_view parent = parent_path(path); !parent.empty();
         parent = parent_path(parent)) {
      auto it = view_.entries.find(key.assign(parent));
      if (it == view_.entries.end()) {
        missing.push_back(parent);
        continue;
      }
      const FileInfo& info = it->second.info;
      if (is_dir(info)) break;
      if (info.type == FileType::kSymlink) {
        fail(layer, entry_path,
             "is under '" + std::string(parent) + "', a symlink to '" + info.link_target +
                 "': refusing to follow it");
      }
      fail(layer, entry_path, "is under '" + std::string(parent) + "', which is not a directory");
    }
    for (auto dir = missing.rbegin(); dir != missing.rend(); ++dir) {
      FileInfo implicit;
      implicit.path = std::string(*dir);
      implicit.type = FileType::kDirectory;
      implicit.mode = 0755;
      count_path(implicit.path, entry_path, layer);
      std::string key(*dir);
      view_.entries.emplace(std::move(key), MergedEntry{std::move(implicit), {}, layer, 0});
    }
  }

  // A name of 4096 bytes may nest 2048 directories, each a path of its own in the view: a few KB
  // of archive could ask for gigabytes. Paths are budgeted as they are written.
  void count_path(const std::string& path, const std::string& entry_path, std::uint32_t layer) {
    path_bytes_ += path.size();
    if (path_bytes_ > kMaxPathBytes) {
      fail(layer, entry_path,
           "takes the image's paths past " + std::to_string(kMaxPathBytes >> 20) +
               " MiB: refusing to merge them");
    }
  }

  // Every byte count of the view (and of reports over its entries) is a sum over some of the
  // entries the layers wrote, a hard link at its target's size. Summing them all once here,
  // checked, proves that no such sum can wrap: sizes are claims (a sparse file may claim 2^62
  // bytes), and a wrapped total would report a hostile image as small.
  void count_apparent(const FileInfo& entry, std::uint32_t layer) {
    std::uint64_t size = entry.size;
    if (entry.type == FileType::kHardLink) {
      auto target = view_.entries.find(entry.link_target);
      if (target != view_.entries.end()) size = target->second.info.size;
    }
    if (__builtin_add_overflow(apparent_bytes_, size, &apparent_bytes_)) {
      fail(layer, entry.path,
           "takes the sizes of the image's files past 2^64 bytes: refusing to count them");
    }
  }

  void add_copy(const std::string& path, std::uint64_t bytes) {
    auto [it, inserted] = copies_.try_emplace(path, PathCopies{bytes, bytes});
    if (!inserted) {
      it->second.sum += bytes;
      it->second.smallest = std::min(it->second.smallest, bytes);
    }
  }

  void count_removal(const MergedEntry& entry, const std::string& path, std::uint32_t layer) {
    if (is_dir(entry.info)) return;
    LayerChanges& changes = view_.layers[layer];
    changes.removed_files += 1;
    changes.removed_bytes += entry.info.size;
    add_copy(path, 0);
    if (entry.content != 0) removals_.push_back({entry.content, path, layer});
  }

  // Removes everything under `dir` ("" = the root), not `dir` itself.
  void remove_subtree(const std::string& dir, std::uint32_t layer) {
    std::string prefix = dir.empty() ? "" : dir + "/";
    auto it = view_.entries.lower_bound(prefix);
    while (it != view_.entries.end() && it->first.starts_with(prefix)) {
      count_removal(it->second, it->first, layer);
      it = view_.entries.erase(it);
    }
  }

  void remove_path(const std::string& path, std::uint32_t layer) {
    auto it = view_.entries.find(path);
    if (it == view_.entries.end()) return;  // deleting what is not there: the engine shrugs too
    if (is_dir(it->second.info)) remove_subtree(path, layer);
    count_removal(it->second, path, layer);
    view_.entries.erase(it);
  }

  MergedView view_;
  std::unordered_map<std::string, PathCopies> copies_;
  std::vector<std::uint64_t> content_bytes_;  // by content id - 1
  std::vector<std::uint32_t> content_layer_;  // by content id - 1
  std::vector<Removal> removals_;
  std::uint64_t apparent_bytes_ = 0;  // see count_apparent()
  std::uint64_t path_bytes_ = 0;      // see count_path()
};

}  // namespace

MergedView merge_layers(const std::vector<const LayerIndex*>& layers) {
  Merger merger(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    merger.apply(static_cast<std::uint32_t>(i), *layers[i]);
  }
  return merger.finish();
}

}  // namespace minify::image
