#include "diff/image_diff.h"

#include <memory>
#include <unordered_set>

#include "diff/package_inventory.h"
#include "image/merged_view.h"
#include "xray/xray_report.h"

namespace minify::diff {

namespace {

// Package metadata beyond this is not metadata (a METADATA file carries the README, a few KB to
// a few hundred): indexed, not kept.
constexpr std::uint64_t kMaxPackageFileBytes = 1 << 20;
constexpr std::uint64_t kMaxPackageDatabaseBytes = image::kMaxCapturedBytes;

image::MergedView merge(const image::Image& image) {
  std::vector<const image::LayerIndex*> indexes;
  for (const image::Layer& layer : image.layers) indexes.push_back(layer.index.get());
  return image::merge_layers(indexes);
}

ImageSummary summarise(const image::Image& image, const std::string& reference,
                       const image::MergedView& view) {
  ImageSummary out{reference, image.format, image.id, image.tags, view.visible_bytes, 0, 0, {}};
  for (const auto& [path, entry] : view.entries) {
    (entry.info.type == image::FileType::kDirectory ? out.directories : out.files) += 1;
  }
  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    const image::Layer& layer = image.layers[i];
    out.layers.push_back({layer.diff_id, xray::instruction_of(layer.created_by),
                          view.layers[i].bytes, view.layers[i].files, false});
  }
  return out;
}

// Layers equal from the bottom up (by diff id): what the two images share as a base.
std::uint64_t mark_shared(ImageSummary& a, ImageSummary& b) {
  std::uint64_t shared = 0;
  for (std::size_t i = 0; i < a.layers.size() && i < b.layers.size(); ++i) {
    if (a.layers[i].diff_id.empty() || a.layers[i].diff_id != b.layers[i].diff_id) break;
    a.layers[i].shared = b.layers[i].shared = true;
    ++shared;
  }
  return shared;
}

}  // namespace

image::IndexOptions diff_index_options() {
  image::IndexOptions options;
  options.hash = [](std::string_view, std::uint64_t) { return true; };
  options.capture = [](std::string_view path, std::uint64_t size) {
    if (!is_package_file(path)) return false;
    bool database = path.starts_with("var/lib/dpkg/") || path == "lib/apk/db/installed";
    return size <= (database ? kMaxPackageDatabaseBytes : kMaxPackageFileBytes);
  };
  return options;
}

image::IndexOptions diff_index_options(const image::Image& first) {
  auto sizes = std::make_shared<std::unordered_set<std::uint64_t>>();
  for (const image::Layer& layer : first.layers) {
    for (const image::FileInfo& entry : layer.index->entries) {
      if (entry.type == image::FileType::kRegular) sizes->insert(entry.size);
    }
  }
  image::IndexOptions options = diff_index_options();
  options.hash = [sizes](std::string_view, std::uint64_t size) { return sizes->contains(size); };
  return options;
}

ImageDiff diff_images(const image::Image& a, const std::string& reference_a, const image::Image& b,
                      const std::string& reference_b, const DiffOptions& options) {
  image::MergedView view_a = merge(a);
  image::MergedView view_b = merge(b);
  ImageDiff out;
  out.a = summarise(a, reference_a, view_a);
  out.b = summarise(b, reference_b, view_b);
  out.shared_layers = mark_shared(out.a, out.b);
  out.files = compare_files(view_a, view_b, options.top);
  out.directories = rank_directories(view_a, view_b, options.top);
  out.packages = compare_packages(read_packages(a, view_a), read_packages(b, view_b));
  return out;
}

}  // namespace minify::diff
