#include "diff/json_report.h"

#include "byte_names/name_json.h"

namespace minify::diff {

namespace {

using nlohmann::json;

json image_json(const ImageSummary& image) {
  json layers = json::array();
  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    const LayerSummary& layer = image.layers[i];
    layers.push_back({{"index", i},
                      {"diff_id", layer.diff_id},
                      {"instruction", layer.instruction},
                      {"bytes", layer.bytes},
                      {"files", layer.files},
                      {"shared", layer.shared}});
  }
  return {{"reference", image.reference},
          {"format", image.format},
          {"id", image.id},
          {"tags", image.tags},
          {"image_bytes", image.image_bytes},
          {"files", image.files},
          {"directories", image.directories},
          {"layers", std::move(layers)}};
}

json count_json(const ChangeCount& c) {
  return {{"files", c.files}, {"bytes_a", c.bytes_a}, {"bytes_b", c.bytes_b}};
}

json files_json(const std::vector<FileChange>& files) {
  json out = json::array();
  for (const FileChange& f : files) {
    json item = {
        {"path", byte_names::name_to_json(f.path)}, {"bytes_a", f.bytes_a}, {"bytes_b", f.bytes_b}};
    if (!f.what.empty()) {
      item["what"] = f.what;
      item["type_a"] = image::file_type_name(f.type_a);
      item["type_b"] = image::file_type_name(f.type_b);
    } else {
      item["type"] = image::file_type_name(f.bytes_a > 0 ? f.type_a : f.type_b);
    }
    out.push_back(std::move(item));
  }
  return out;
}

json directories_json(const std::vector<DirectoryChange>& dirs) {
  json out = json::array();
  for (const DirectoryChange& d : dirs) {
    out.push_back({{"path", byte_names::name_to_json(d.path)},
                   {"bytes_a", d.bytes_a},
                   {"bytes_b", d.bytes_b},
                   {"delta", static_cast<std::int64_t>(d.bytes_b - d.bytes_a)},
                   {"files_a", d.files_a},
                   {"files_b", d.files_b}});
  }
  return out;
}

json package_list_json(const std::vector<PackageChange>& changes) {
  json out = json::array();
  for (const PackageChange& c : changes) {
    out.push_back({{"name", c.name},
                   {"version_a", c.version_a},
                   {"version_b", c.version_b},
                   {"bytes_a", c.bytes_a},
                   {"bytes_b", c.bytes_b}});
  }
  return out;
}

json packages_json(const std::vector<PackageChanges>& packages) {
  json out = json::array();
  for (const PackageChanges& p : packages) {
    out.push_back({{"manager", p.manager},
                   {"status", package_status_name(p.status)},
                   {"path_a", p.path_a},
                   {"path_b", p.path_b},
                   {"packages_a", p.packages_a},
                   {"packages_b", p.packages_b},
                   {"added", package_list_json(p.added)},
                   {"removed", package_list_json(p.removed)},
                   {"changed", package_list_json(p.changed)},
                   {"unchanged", p.unchanged}});
  }
  return out;
}

}  // namespace

json to_json(const ImageDiff& d) {
  double ratio = d.a.image_bytes == 0
                     ? 0.0
                     : static_cast<double>(d.b.image_bytes) / static_cast<double>(d.a.image_bytes);
  return {
      {"schema_version", kDiffSchemaVersion},
      {"a", image_json(d.a)},
      {"b", image_json(d.b)},
      {"size",
       {{"bytes_a", d.a.image_bytes},
        {"bytes_b", d.b.image_bytes},
        {"delta", static_cast<std::int64_t>(d.b.image_bytes - d.a.image_bytes)},
        {"ratio", ratio}}},
      {"layers", {{"a", d.a.layers.size()}, {"b", d.b.layers.size()}, {"shared", d.shared_layers}}},
      {"files",
       {{"added", count_json(d.files.added)},
        {"removed", count_json(d.files.removed)},
        {"changed", count_json(d.files.changed)},
        {"metadata_changed", count_json(d.files.metadata_changed)},
        {"unchanged", count_json(d.files.unchanged)},
        {"directories_added", d.files.directories_added},
        {"directories_removed", d.files.directories_removed}}},
      {"largest_added", files_json(d.files.largest_added)},
      {"largest_removed", files_json(d.files.largest_removed)},
      {"largest_changed", files_json(d.files.largest_changed)},
      {"directories",
       {{"gained", directories_json(d.directories.gained)},
        {"lost", directories_json(d.directories.lost)}}},
      {"packages", packages_json(d.packages)},
  };
}

}  // namespace minify::diff
