#include "analysis/summary.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "analysis/path_resolver.h"

namespace minify::analysis {
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

nlohmann::json totals_json(const Totals& t, bool with_hardlinks) {
  nlohmann::json j = {{"files", t.files},
                      {"dirs", t.dirs},
                      {"symlinks", t.symlinks},
                      {"other", t.other},
                      {"bytes", t.bytes}};
  if (with_hardlinks) j["hardlinks"] = t.hardlinks;
  return j;
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

nlohmann::json summary_json(const KeepSet& keep, const Totals& image) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> per_dir;  // bytes, files
  std::map<std::string, std::uint64_t> by_reason;
  for (const auto& [path, entry] : keep.entries) {
    ++by_reason[entry.reason];
    if (entry.info.type != FileType::kRegular || !entry.hardlink_to.empty()) continue;
    for (std::string dir = parent_path(path); dir != "/"; dir = parent_path(dir)) {
      per_dir[dir].first += entry.info.size;
      per_dir[dir].second += 1;
    }
  }
  std::vector<std::pair<std::string, std::pair<std::uint64_t, std::uint64_t>>> dirs(per_dir.begin(),
                                                                                    per_dir.end());
  std::stable_sort(dirs.begin(), dirs.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  if (dirs.size() > kLargestDirs) dirs.resize(kLargestDirs);

  nlohmann::json largest = nlohmann::json::array();
  for (const auto& [path, totals] : dirs) {
    largest.push_back({{"path", path}, {"bytes", totals.first}, {"files", totals.second}});
  }
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& s : keep.skipped) skipped.push_back({{"path", s.path}, {"reason", s.reason}});
  return {{"summary_version", 1},
          {"kept", totals_json(kept_totals(keep), true)},
          {"image", totals_json(image, false)},
          {"kept_by_reason", by_reason},
          {"largest_dirs", largest},
          {"skipped", skipped},
          {"warnings", keep.warnings}};
}

}  // namespace minify::analysis
