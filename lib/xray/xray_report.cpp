#include "xray/xray_report.h"

#include <algorithm>
#include <unordered_map>

#include "image/entry_path.h"
#include "xray/fat_findings.h"

namespace minify::xray {

using image::FileType;
using image::Image;
using image::Layer;
using image::MergedView;
using image::parent_path;
using image::WastedFile;

namespace {

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

template <typename Less>
void keep_top(std::vector<SizedPath>& items, std::size_t top, Less less) {
  std::size_t n = std::min(top, items.size());
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(),
                    less);
  items.resize(n);
}

bool larger(const SizedPath& a, const SizedPath& b) {
  return a.bytes != b.bytes ? a.bytes > b.bytes : a.path < b.path;
}

}  // namespace

std::string instruction_of(const std::string& created_by) {
  std::string text = collapse_spaces(created_by);
  if (text.ends_with(" # buildkit")) text.resize(text.size() - 11);
  constexpr std::string_view kShell = "/bin/sh -c ";
  constexpr std::string_view kNop = "#(nop) ";
  // The classic builder prefixes build args ("|2 A=1 B=2 /bin/sh -c ..."); BuildKit writes "RUN ".
  std::size_t shell = text.find(kShell);
  if (shell != std::string::npos &&
      (shell == 0 || text.starts_with('|') || text.starts_with("RUN "))) {
    std::string rest = text.substr(shell + kShell.size());
    if (rest.starts_with(kNop)) return collapse_spaces(rest.substr(kNop.size()));
    return "RUN " + rest;
  }
  return text;
}

XrayReport make_xray_report(const Image& image, const ReportOptions& options) {
  std::vector<const image::LayerIndex*> indexes;
  for (const Layer& layer : image.layers) indexes.push_back(layer.index.get());
  MergedView view = image::merge_layers(indexes);
  XrayReport report;
  report.format = image.format;
  report.id = image.id;
  report.tags = image.tags;
  report.os = image.config.value("os", "");
  report.architecture = image.config.value("architecture", "");
  report.distro = distro_name(image, view);
  report.total_bytes = view.shipped_bytes;
  report.image_bytes = view.visible_bytes;
  report.wasted_bytes = view.wasted_bytes;
  report.efficiency = view.efficiency;

  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    const Layer& layer = image.layers[i];
    report.layers.push_back({i, instruction_of(layer.created_by), layer.created_by, layer.diff_id,
                             layer.blob_bytes, view.layers[i]});
  }

  std::unordered_map<std::string, SizedPath> directories;
  for (const auto& [path, entry] : view.entries) {
    if (entry.info.type == FileType::kDirectory) {
      report.directories += 1;
      continue;
    }
    report.files += 1;
    if (entry.info.type != FileType::kRegular) continue;
    report.largest_files.push_back({"/" + path, entry.info.size, 1, entry.layer, 0});
    for (std::string_view dir = parent_path(path); !dir.empty(); dir = parent_path(dir)) {
      SizedPath& total = directories[std::string(dir)];
      total.bytes += entry.info.size;
      total.files += 1;
    }
  }
  keep_top(report.largest_files, options.top, larger);
  for (auto& [path, total] : directories) {
    total.path = "/" + path;
    report.largest_directories.push_back(std::move(total));
  }
  keep_top(report.largest_directories, options.top, larger);
  for (std::size_t i = 0; i < view.wasted.size() && i < options.top; ++i) {
    const WastedFile& w = view.wasted[i];
    report.wasted_files.push_back({"/" + w.path, w.bytes, 1, w.layer, w.removed_in_layer});
  }
  report.findings = find_fat(image, view, options.top);
  return report;
}

}  // namespace minify::xray
