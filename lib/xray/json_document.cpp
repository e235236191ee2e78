#include "xray/json_document.h"

#include <vector>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"

namespace minify::xray {

namespace {

using nlohmann::json;

json changes_json(std::uint64_t files, std::uint64_t bytes) {
  return {{"files", files}, {"bytes", bytes}};
}

json sized_paths_json(const std::vector<SizedPath>& paths, bool with_files, bool with_layer,
                      bool with_removal) {
  json out = json::array();
  for (const SizedPath& p : paths) {
    json item = {{"path", byte_names::name_to_json(p.path)}, {"bytes", p.bytes}};
    if (with_files) item["files"] = p.files;
    if (with_layer) item["layer"] = p.layer;
    if (with_removal) item["removed_in_layer"] = p.removed_in_layer;
    out.push_back(std::move(item));
  }
  return out;
}

json gates_json(const GateResults& gates) {
  json out = json::array();
  if (const auto& gate = gates.min_efficiency) {
    out.push_back({{"gate", "min-efficiency"},
                   {"limit", gate->limit},
                   {"value", gate->value},
                   {"passed", gate->passed}});
  }
  if (const auto& gate = gates.max_wasted) {
    out.push_back({{"gate", "max-wasted"},
                   {"limit", gate->limit},
                   {"value", gate->value},
                   {"passed", gate->passed}});
  }
  return out;
}

}  // namespace

json to_json(const XrayReport& report, const GateResults& gates) {
  json layers = json::array();
  for (const LayerReport& layer : report.layers) {
    const image::LayerChanges& c = layer.changes;
    layers.push_back({{"index", layer.index},
                      {"instruction", layer.instruction},
                      {"created_by", layer.created_by},
                      {"diff_id", layer.diff_id},
                      {"blob_bytes", layer.blob_bytes},
                      {"files", c.files},
                      {"bytes", c.bytes},
                      {"added", changes_json(c.added_files, c.added_bytes)},
                      {"modified", changes_json(c.modified_files, c.modified_bytes)},
                      {"removed", changes_json(c.removed_files, c.removed_bytes)},
                      {"wasted_bytes", c.wasted_bytes}});
  }
  json findings = json::array();
  for (const Finding& f : report.findings) {
    json evidence = json::array();
    for (const auto& e : f.evidence) evidence.push_back(byte_names::printable(e));
    findings.push_back({{"id", f.id},
                        {"title", f.title},
                        {"bytes", f.bytes},
                        {"files", f.files},
                        {"technique", f.technique},
                        {"examples", sized_paths_json(f.examples, true, false, false)},
                        {"evidence", evidence}});
  }
  return {
      {"schema_version", kSchemaVersion},
      {"image",
       {{"reference", report.reference},
        {"format", report.format},
        {"id", report.id},
        {"tags", report.tags},
        {"os", report.os},
        {"architecture", report.architecture},
        {"distro", report.distro}}},
      {"summary",
       {{"layers", report.layers.size()},
        {"total_bytes", report.total_bytes},
        {"image_bytes", report.image_bytes},
        {"wasted_bytes", report.wasted_bytes},
        {"efficiency", report.efficiency},
        {"files", report.files},
        {"directories", report.directories}}},
      {"layers", layers},
      {"largest_files", sized_paths_json(report.largest_files, false, true, false)},
      {"largest_directories", sized_paths_json(report.largest_directories, true, false, false)},
      {"wasted_files", sized_paths_json(report.wasted_files, false, true, true)},
      {"findings", findings},
      {"gates", gates_json(gates)},
  };
}

}  // namespace minify::xray
