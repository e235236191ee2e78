#include "xray/text_report.h"

#include <cstdio>
#include <string>
#include <vector>

#include "byte_names/printable_name.h"
#include "progress/progress_reporter.h"
#include "xray/percent.h"
#include "xray/text_column.h"

namespace minify::xray {

namespace {

using byte_names::printable;
using progress::format_bytes;

std::string short_id(const std::string& id) {
  std::string hex = id.starts_with("sha256:") ? id.substr(7) : id;
  return hex.substr(0, 12);
}

}  // namespace

// Every text the image chose (names, instructions, tags) goes through printable() first.
void print_text(std::ostream& out, const XrayReport& r) {
  out << printable(r.reference) << "  " << printable(short_id(r.id)) << "  " << r.format << "  "
      << printable(r.os) << "/" << printable(r.architecture);
  if (!r.distro.empty()) out << "  " << printable(r.distro);
  out << "\n\n";
  out << "  " << format_bytes(r.total_bytes) << " shipped in " << r.layers.size() << " layers, "
      << format_bytes(r.image_bytes) << " in the final filesystem (" << r.files << " files, "
      << r.directories << " directories)\n";
  out << "  wasted " << format_bytes(r.wasted_bytes) << ", efficiency "
      << format_percent(r.efficiency) << "\n\nLayers\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %3s %10s %7s %7s %7s %10s  %s\n", "#", "size", "added",
                "changed", "removed", "wasted", "instruction");
  out << line;
  for (const LayerReport& layer : r.layers) {
    const image::LayerChanges& c = layer.changes;
    std::snprintf(line, sizeof line, "  %3zu %10s %7llu %7llu %7llu %10s  %s\n", layer.index,
                  format_bytes(c.bytes).c_str(), static_cast<unsigned long long>(c.added_files),
                  static_cast<unsigned long long>(c.modified_files),
                  static_cast<unsigned long long>(c.removed_files),
                  format_bytes(c.wasted_bytes).c_str(), fit_column(layer.instruction, 60).c_str());
    out << line;
  }
  auto print_paths = [&](const char* title, const std::vector<SizedPath>& paths, auto&& suffix) {
    if (paths.empty()) return;
    out << "\n" << title << "\n";
    for (const SizedPath& p : paths) {
      std::snprintf(line, sizeof line, "  %10s  %s", format_bytes(p.bytes).c_str(),
                    fit_column(printable(p.path), 70).c_str());
      out << line << suffix(p) << "\n";
    }
  };
  print_paths("Largest files", r.largest_files,
              [](const SizedPath& p) { return "  (layer " + std::to_string(p.layer) + ")"; });
  print_paths("Largest directories", r.largest_directories,
              [](const SizedPath& p) { return "  (" + std::to_string(p.files) + " files)"; });
  print_paths("Wasted: shipped in a layer, replaced or deleted in a later one", r.wasted_files,
              [](const SizedPath& p) {
                return "  (layer " + std::to_string(p.layer) + ", gone in layer " +
                       std::to_string(p.removed_in_layer) + ")";
              });
  if (r.findings.empty()) return;
  out << "\nWhy it is fat\n";
  for (const Finding& f : r.findings) {
    std::snprintf(line, sizeof line, "  %10s  %s", format_bytes(f.bytes).c_str(),
                  printable(f.title).c_str());
    out << line << " (" << f.files << " files)\n";
    out << "              fix: " << f.technique << "\n";
    for (std::size_t i = 0; i < f.examples.size() && i < 3; ++i) {
      std::snprintf(line, sizeof line, "              %s  %s",
                    fit_column(printable(f.examples[i].path), 60).c_str(),
                    format_bytes(f.examples[i].bytes).c_str());
      out << line << "\n";
    }
    if (!f.evidence.empty()) {
      out << "              seen:";
      for (std::size_t i = 0; i < f.evidence.size() && i < 5; ++i) {
        out << (i == 0 ? " " : ", ") << printable(f.evidence[i]);
      }
      out << "\n";
    }
  }
}

}  // namespace minify::xray
