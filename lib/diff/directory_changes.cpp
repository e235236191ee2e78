#include "diff/directory_changes.h"

#include <algorithm>
#include <unordered_map>

#include "image/entry_path.h"

namespace minify::diff {

namespace {

struct Totals {
  std::uint64_t bytes_a = 0, bytes_b = 0, files_a = 0, files_b = 0;
};

void add_view(std::unordered_map<std::string, Totals>& totals, const image::MergedView& view,
              bool is_a) {
  for (const auto& [path, entry] : view.entries) {
    if (entry.info.type != image::FileType::kRegular) continue;
    for (std::string_view dir = image::parent_path(path); !dir.empty();
         dir = image::parent_path(dir)) {
      Totals& t = totals[std::string(dir)];
      (is_a ? t.bytes_a : t.bytes_b) += entry.info.size;
      (is_a ? t.files_a : t.files_b) += 1;
    }
  }
}

std::uint64_t gain(const DirectoryChange& d) {
  return d.bytes_b - d.bytes_a;
}
std::uint64_t loss(const DirectoryChange& d) {
  return d.bytes_a - d.bytes_b;
}

template <typename Amount>
void keep_top(std::vector<DirectoryChange>& items, std::size_t top, Amount amount) {
  std::size_t n = std::min(top, items.size());
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(),
                    [&](const DirectoryChange& x, const DirectoryChange& y) {
                      return amount(x) != amount(y) ? amount(x) > amount(y) : x.path < y.path;
                    });
  items.resize(n);
}

}  // namespace

DirectoryChanges rank_directories(const image::MergedView& a, const image::MergedView& b,
                                  std::size_t top) {
  std::unordered_map<std::string, Totals> totals;
  add_view(totals, a, true);
  add_view(totals, b, false);
  DirectoryChanges out;
  for (auto& [path, t] : totals) {
    DirectoryChange change{"/" + path, t.bytes_a, t.bytes_b, t.files_a, t.files_b};
    if (t.bytes_b > t.bytes_a) out.gained.push_back(std::move(change));
    if (t.bytes_a > t.bytes_b) out.lost.push_back(std::move(change));
  }
  keep_top(out.gained, top, gain);
  keep_top(out.lost, top, loss);
  return out;
}

}  // namespace minify::diff
