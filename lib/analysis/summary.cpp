#include "analysis/summary.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

#include "analysis/path_resolver.h"

namespace minify::analysis {
using protocol::Totals;

namespace {

constexpr std::array<std::string_view, 7> kNotImage = {
    "/proc", "/sys", "/dev", "/.minify", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"};

using Inode = std::pair<std::uint64_t, std::uint64_t>;

// Counts one entry; a regular file's bytes only when count_bytes (once per inode).
void count(Totals& t, const FileInfo& info, bool count_bytes) {
  switch (info.type) {
    case FileType::kRegular:
      ++t.files;
      if (count_bytes) t.bytes += info.size;
      break;
    case FileType::kDirectory:
      ++t.dirs;
      break;
    case FileType::kSymlink:
      ++t.symlinks;
      break;
    default:
      ++t.other;
      break;
  }
}

void walk(const Root& root, const std::string& dir, std::vector<ImageEntry>& out) {
  for (auto& entry : root.list(dir)) {
    std::string path = join_path(dir, entry.name);
    if (std::find(kNotImage.begin(), kNotImage.end(), path) != kNotImage.end()) continue;
    const bool is_dir = entry.info.type == FileType::kDirectory;
    out.push_back({path, entry.info});
    if (is_dir) walk(root, path, out);
  }
}

// Whether this name of a regular file carries its bytes: the first name met of its inode.
bool first_name(const FileInfo& info, std::set<Inode>& seen) {
  return info.nlink < 2 || seen.emplace(info.dev, info.ino).second;
}

std::string type_name(FileType type) {
  switch (type) {
    case FileType::kRegular:
      return "file";
    case FileType::kDirectory:
      return "dir";
    case FileType::kSymlink:
      return "symlink";
    default:
      return "other";
  }
}

std::vector<protocol::KeptFile> kept_files(const KeepSet& keep) {
  std::vector<protocol::KeptFile> out;
  out.reserve(keep.entries.size());
  for (const auto& [path, entry] : keep.entries) {  // sorted by path
    const bool bytes = entry.info.type == FileType::kRegular && entry.hardlink_to.empty();
    protocol::KeptFile file{path, type_name(entry.info.type), bytes ? entry.info.size : 0, {}};
    for (const auto& r : entry.reasons) file.reasons.push_back({kind_name(r.kind), r.detail});
    out.push_back(std::move(file));
  }
  return out;
}

template <typename T, typename Bytes>
void keep_largest(std::vector<T>& items, Bytes bytes, std::size_t most) {
  std::stable_sort(items.begin(), items.end(),
                   [&](const T& a, const T& b) { return bytes(a) > bytes(b); });
  if (items.size() > most) items.resize(most);
}

// "/a/b/c" at depth 2 -> "/a/b"; the path itself when it is no deeper.
std::string_view ancestor_at(std::string_view path, int depth) {
  if (depth == 0) return "/";
  std::size_t at = 0;
  for (int d = 0; d < depth; ++d) {
    at = path.find('/', at + 1);
    if (at == std::string_view::npos) return path;
  }
  return path.substr(0, at);
}

// What was dropped and the treemap of the whole image, in one pass over it.
void add_dropped(protocol::PackSummary& summary, const KeepSet& keep,
                 const std::vector<ImageEntry>& image) {
  // An inode kept under any name has its bytes in the kept totals: its dropped names add none.
  std::set<Inode> seen;
  for (const auto& [path, entry] : keep.entries) {
    if (entry.info.type == FileType::kRegular && entry.info.nlink > 1)
      seen.emplace(entry.info.dev, entry.info.ino);
  }
  std::map<std::string, protocol::DirSize> by_dir;
  std::map<std::string_view, protocol::DirectoryUse> tree;
  protocol::Dropped& dropped = summary.dropped;
  for (const auto& e : image) {
    const bool kept = keep.entries.count(e.path) != 0;
    std::uint64_t bytes = 0;
    if (e.info.type == FileType::kRegular && !kept && first_name(e.info, seen)) bytes = e.info.size;
    if (kept) {
      const KeptEntry& k = keep.entries.at(e.path);
      if (k.info.type == FileType::kRegular && k.hardlink_to.empty()) bytes = k.info.size;
    } else {
      dropped.entries.push_back({e.path, type_name(e.info.type), bytes});
    }
    if (e.info.type != FileType::kRegular) continue;
    if (!kept) {
      ++dropped.files;
      dropped.bytes += bytes;
      const std::string dir = parent_path(e.path);
      protocol::DirSize& size = by_dir[dir];
      size.path = dir;
      size.files += 1;
      size.bytes += bytes;
      if (bytes > 0) dropped.largest.push_back({e.path, "file", bytes});
    }
    for (int depth = 0; depth <= kFilesystemDepth; ++depth) {
      std::string_view dir = ancestor_at(e.path, depth);
      if (dir == e.path) break;  // the file itself
      protocol::DirectoryUse& use = tree[dir];
      use.depth = depth;
      (kept ? use.kept_bytes : use.dropped_bytes) += bytes;
      (kept ? use.kept_files : use.dropped_files) += 1;
    }
  }
  std::sort(dropped.entries.begin(), dropped.entries.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  for (auto& [path, size] : by_dir) dropped.by_directory.push_back(std::move(size));
  keep_largest(dropped.by_directory, [](const auto& d) { return d.bytes; }, kLargestDropped);
  std::sort(dropped.largest.begin(), dropped.largest.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  keep_largest(dropped.largest, [](const auto& d) { return d.bytes; }, kLargestDropped);
  for (auto& [path, use] : tree) {  // sorted by path
    if (use.kept_bytes + use.dropped_bytes == 0) continue;
    use.path = std::string(path);
    summary.filesystem.push_back(std::move(use));
  }
}

}  // namespace

std::vector<ImageEntry> image_entries(const Root& root) {
  std::vector<ImageEntry> out;
  walk(root, "/", out);
  return out;
}

Totals image_totals(const std::vector<ImageEntry>& image) {
  Totals t;
  std::set<Inode> seen;
  for (const auto& e : image)
    count(t, e.info, e.info.type == FileType::kRegular && first_name(e.info, seen));
  return t;
}

Totals kept_totals(const KeepSet& keep) {
  Totals t;
  for (const auto& [path, entry] : keep.entries) {
    if (!entry.hardlink_to.empty()) {
      ++t.hardlinks;
      continue;
    }
    count(t, entry.info, true);
  }
  return t;
}

protocol::PackSummary pack_summary(const KeepSet& keep, const std::vector<ImageEntry>& image) {
  protocol::PackSummary summary;
  summary.kept = kept_totals(keep);
  summary.image = image_totals(image);
  std::map<std::string, protocol::DirSize> per_dir;
  for (const auto& [path, entry] : keep.entries) {
    ++summary.kept_by_reason[entry.reason];
    if (entry.info.type != FileType::kRegular || !entry.hardlink_to.empty()) continue;
    for (std::string dir = parent_path(path); dir != "/"; dir = parent_path(dir)) {
      protocol::DirSize& size = per_dir[dir];
      size.path = dir;
      size.bytes += entry.info.size;
      size.files += 1;
    }
  }
  for (auto& [path, size] : per_dir) summary.largest_dirs.push_back(std::move(size));
  keep_largest(summary.largest_dirs, [](const auto& d) { return d.bytes; }, kLargestDirs);
  for (const auto& s : keep.skipped) summary.skipped.push_back({s.path, s.reason});
  summary.warnings = keep.warnings;
  summary.kept_files = kept_files(keep);
  add_dropped(summary, keep, image);
  return summary;
}

}  // namespace minify::analysis
