#include "diff/file_changes.h"

#include <algorithm>

namespace minify::diff {

namespace {

using image::FileType;
using image::MergedEntry;

bool is_dir(const MergedEntry& entry) {
  return entry.info.type == FileType::kDirectory;
}

std::uint64_t bytes_of(const MergedEntry& entry) {
  return entry.info.type == FileType::kRegular ? entry.info.size : 0;
}

// What differs between two entries at one path, content first.
std::vector<std::string> differences(const image::FileInfo& a, const image::FileInfo& b) {
  std::vector<std::string> what;
  if (a.type != b.type) {
    what.push_back("type");
  } else if (a.type == FileType::kRegular) {
    if (a.size != b.size) {
      what.push_back("size");
    } else if (a.digest != b.digest) {
      what.push_back("content");
    }
  } else if (a.type == FileType::kSymlink && a.link_target != b.link_target) {
    what.push_back("target");
  } else if ((a.type == FileType::kCharDevice || a.type == FileType::kBlockDevice) &&
             (a.dev_major != b.dev_major || a.dev_minor != b.dev_minor)) {
    what.push_back("device");
  }
  if (a.mode != b.mode) what.push_back("mode");
  if (a.uid != b.uid || a.gid != b.gid) what.push_back("owner");
  return what;
}

bool is_content(const std::string& what) {
  return what != "mode" && what != "owner";
}

// Keeps the `top` largest of `items` by `key`, largest first, ties by path.
template <typename Key>
void keep_top(std::vector<FileChange>& items, std::size_t top, Key key) {
  std::size_t n = std::min(top, items.size());
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(),
                    [&](const FileChange& x, const FileChange& y) {
                      return key(x) != key(y) ? key(x) > key(y) : x.path < y.path;
                    });
  items.resize(n);
}

void count(ChangeCount& c, std::uint64_t bytes_a, std::uint64_t bytes_b) {
  c.files += 1;
  c.bytes_a += bytes_a;
  c.bytes_b += bytes_b;
}

}  // namespace

FileChanges compare_files(const image::MergedView& a, const image::MergedView& b, std::size_t top) {
  FileChanges out;
  std::vector<FileChange> added, removed, changed;
  auto only_a = [&](const std::string& path, const MergedEntry& entry) {
    if (is_dir(entry)) {
      out.directories_removed += 1;
      return;
    }
    count(out.removed, bytes_of(entry), 0);
    removed.push_back({"/" + path, entry.info.type, entry.info.type, bytes_of(entry), 0, {}});
  };
  auto only_b = [&](const std::string& path, const MergedEntry& entry) {
    if (is_dir(entry)) {
      out.directories_added += 1;
      return;
    }
    count(out.added, 0, bytes_of(entry));
    added.push_back({"/" + path, entry.info.type, entry.info.type, 0, bytes_of(entry), {}});
  };
  // Both maps are sorted by path: one walk over the two.
  auto ia = a.entries.begin(), ib = b.entries.begin();
  while (ia != a.entries.end() || ib != b.entries.end()) {
    if (ib == b.entries.end() || (ia != a.entries.end() && ia->first < ib->first)) {
      only_a(ia->first, ia->second);
      ++ia;
      continue;
    }
    if (ia == a.entries.end() || ib->first < ia->first) {
      only_b(ib->first, ib->second);
      ++ib;
      continue;
    }
    const MergedEntry& ea = ia->second;
    const MergedEntry& eb = ib->second;
    if (is_dir(ea) && is_dir(eb)) {
      // A directory is compared through what it holds.
    } else if (is_dir(ea) != is_dir(eb)) {
      // A directory in one, a file in the other: the file is what a person asks about.
      if (is_dir(ea)) {
        out.directories_removed += 1;
        only_b(ib->first, eb);
      } else {
        only_a(ia->first, ea);
        out.directories_added += 1;
      }
    } else {
      std::vector<std::string> what = differences(ea.info, eb.info);
      std::uint64_t bytes_a = bytes_of(ea), bytes_b = bytes_of(eb);
      if (what.empty()) {
        count(out.unchanged, bytes_a, bytes_b);
      } else if (std::any_of(what.begin(), what.end(), is_content)) {
        count(out.changed, bytes_a, bytes_b);
        changed.push_back(
            {"/" + ia->first, ea.info.type, eb.info.type, bytes_a, bytes_b, std::move(what)});
      } else {
        count(out.metadata_changed, bytes_a, bytes_b);
      }
    }
    ++ia;
    ++ib;
  }
  keep_top(added, top, [](const FileChange& c) { return c.bytes_b; });
  keep_top(removed, top, [](const FileChange& c) { return c.bytes_a; });
  keep_top(changed, top, [](const FileChange& c) { return std::max(c.bytes_a, c.bytes_b); });
  out.largest_added = std::move(added);
  out.largest_removed = std::move(removed);
  out.largest_changed = std::move(changed);
  return out;
}

}  // namespace minify::diff
