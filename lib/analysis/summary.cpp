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

void walk(const Root& root, const std::string& dir, Totals& t,
          std::set<std::pair<std::uint64_t, std::uint64_t>>& inodes) {
  for (const auto& entry : root.list(dir)) {
    std::string path = join_path(dir, entry.name);
    if (std::find(kNotImage.begin(), kNotImage.end(), path) != kNotImage.end()) continue;
    const bool first_name = entry.info.type != FileType::kRegular || entry.info.nlink < 2 ||
                            inodes.emplace(entry.info.dev, entry.info.ino).second;
    count(t, entry.info, first_name);
    if (entry.info.type == FileType::kDirectory) walk(root, path, t, inodes);
  }
}

}  // namespace

Totals image_totals(const Root& root) {
  Totals t;
  std::set<std::pair<std::uint64_t, std::uint64_t>> inodes;
  walk(root, "/", t, inodes);
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

protocol::PackSummary pack_summary(const KeepSet& keep, const Totals& image) {
  protocol::PackSummary summary;
  summary.kept = kept_totals(keep);
  summary.image = image;
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
  std::stable_sort(summary.largest_dirs.begin(), summary.largest_dirs.end(),
                   [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  if (summary.largest_dirs.size() > kLargestDirs) summary.largest_dirs.resize(kLargestDirs);
  for (const auto& s : keep.skipped) summary.skipped.push_back({s.path, s.reason});
  summary.warnings = keep.warnings;
  return summary;
}

}  // namespace minify::analysis
