#include "image/merged_view.h"

#include <algorithm>
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

  // Creates missing parents as the engine does; refuses to go through a symlink or a file.
  void ensure_parent(const std::string& path, const std::string& entry_path, std::uint32_t layer) {
    std::string parent(parent_path(path));
    if (parent.empty()) return;
    auto it = view_.entries.find(parent);
    if (it != view_.entries.end()) {
      const FileInfo& info = it->second.info;
      if (is_dir(info)) return;
      if (info.type == FileType::kSymlink) {
        fail(layer, entry_path,
             "is under '" + parent + "', a symlink to '" + info.link_target +
                 "': refusing to follow it");
      }
      fail(layer, entry_path, "is under '" + parent + "', which is not a directory");
    }
    ensure_parent(parent, entry_path, layer);
    FileInfo implicit;
    implicit.path = parent;
    implicit.type = FileType::kDirectory;
    implicit.mode = 0755;
    view_.entries.emplace(parent, MergedEntry{std::move(implicit), {}, layer, 0});
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
