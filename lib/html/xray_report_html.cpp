#include "html/xray_report_html.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "html/html_escape.h"
#include "html/json_fields.h"
#include "html/page.h"
#include "html/svg_chart.h"
#include "progress/progress_reporter.h"

namespace minify::html {
namespace {

using nlohmann::json;

std::string bytes_text(std::uint64_t n) {
  return progress::format_bytes(n);
}

// As in the build page: readable, with the exact count in data-bytes and the tooltip.
std::string bytes_html(std::uint64_t n, std::string_view id = "") {
  std::string attrs = id.empty() ? "" : fmt::format(" id=\"{}\"", id);
  return fmt::format("<span{} data-bytes=\"{}\" title=\"{} bytes\">{}</span>", attrs, n, n,
                     escape(bytes_text(n)));
}

std::string path_html(const json& entry) {
  return "<code>" + escape(name_field(entry, "path")) + "</code>";
}

std::string summary_section(const json& r) {
  const json* image = field(r, "image");
  const json* summary = field(r, "summary");
  if (summary == nullptr) return absent("This report has no summary.");
  const double efficiency = real_field(*summary, "efficiency");
  std::string out = fmt::format(
      "<p class=\"big\" id=\"efficiency\" data-efficiency=\"{}\">{:.1f}% efficient "
      "<span class=\"lead\">({} wasted)</span></p>\n",
      efficiency, 100.0 * efficiency, escape(bytes_text(number_field(*summary, "wasted_bytes"))));
  std::vector<std::pair<std::string, std::string>> items;
  if (image) {
    items.emplace_back("image", "<code>" + escape(text_field(*image, "reference")) + "</code>");
    items.emplace_back("id", "<code>" + escape(text_field(*image, "id")) + "</code>");
    std::string tags;
    for (const json& t : array_field(*image, "tags"))
      if (t.is_string()) tags += (tags.empty() ? "" : ", ") + escape(t.get<std::string>());
    if (!tags.empty()) items.emplace_back("tags", tags);
    items.emplace_back("format", escape(text_field(*image, "format")));
    items.emplace_back("platform",
                       escape(text_field(*image, "os") + "/" + text_field(*image, "architecture")));
    std::string distro = text_field(*image, "distro");
    if (!distro.empty()) items.emplace_back("distribution", escape(distro));
  }
  items.emplace_back("layers", std::to_string(number_field(*summary, "layers")));
  items.emplace_back("total", bytes_html(number_field(*summary, "total_bytes"), "total-bytes") +
                                  " shipped in the layers");
  items.emplace_back("image", bytes_html(number_field(*summary, "image_bytes"), "image-bytes") +
                                  " in the merged filesystem");
  items.emplace_back("wasted", bytes_html(number_field(*summary, "wasted_bytes"), "wasted-bytes"));
  items.emplace_back("files",
                     fmt::format("{} files, {} directories", number_field(*summary, "files"),
                                 number_field(*summary, "directories")));
  out += facts(items);
  const json& gates = array_field(r, "gates");
  if (!gates.empty()) {
    out += "<h3>Gates</h3><ul>";
    for (const json& g : gates) {
      out += fmt::format("<li>{}: limit {}, value {}: {}</li>", escape(text_field(g, "gate")),
                         escape(field(g, "limit") ? field(g, "limit")->dump() : "?"),
                         escape(field(g, "value") ? field(g, "value")->dump() : "?"),
                         bool_field(g, "passed") ? "<span class=\"ok\">passed</span>"
                                                 : "<span class=\"fail\">failed</span>");
    }
    out += "</ul>\n";
  }
  return out;
}

std::string layers_section(const json& r) {
  const json& layers = array_field(r, "layers");
  if (layers.empty()) return absent("This image has no layers.");
  std::vector<StackedBar> bars;
  Table table("layers", {"#", "instruction", "bytes", "added", "modified", "removed", "wasted"});
  for (std::size_t column = 2; column < 7; ++column) table.set_numeric(column);
  for (const json& layer : layers) {
    const json* added = field(layer, "added");
    const json* modified = field(layer, "modified");
    const json* removed = field(layer, "removed");
    const std::uint64_t added_bytes = added ? number_field(*added, "bytes") : 0;
    const std::uint64_t modified_bytes = modified ? number_field(*modified, "bytes") : 0;
    const std::uint64_t wasted = number_field(layer, "wasted_bytes");
    const std::string instruction = text_field(layer, "instruction");
    bars.push_back(
        {fmt::format("{}: {}", number_field(layer, "index"), instruction),
         {static_cast<double>(added_bytes), static_cast<double>(modified_bytes)},
         static_cast<double>(wasted),
         bytes_text(number_field(layer, "bytes")),
         fmt::format("{}\n{} added, {} modified, {} of it wasted", instruction,
                     bytes_text(added_bytes), bytes_text(modified_bytes), bytes_text(wasted))});
    table.add_row(
        {std::to_string(number_field(layer, "index")), "<code>" + escape(instruction) + "</code>",
         bytes_html(number_field(layer, "bytes")),
         fmt::format("{} ({} files)", bytes_html(added_bytes),
                     added ? number_field(*added, "files") : 0),
         fmt::format("{} ({} files)", bytes_html(modified_bytes),
                     modified ? number_field(*modified, "files") : 0),
         fmt::format("{} ({} files)", bytes_html(removed ? number_field(*removed, "bytes") : 0),
                     removed ? number_field(*removed, "files") : 0),
         bytes_html(wasted)});
  }
  std::string out =
      stacked_bars_svg({{"added", "s-neutral"}, {"modified", "s-warn"}}, bars,
                       "wasted (replaced or deleted by a later layer)", "layers, bottom first");
  return out + table.render();
}

std::string sized_paths(const json& list, std::string_view id, bool with_files,
                        std::string_view css_class) {
  if (list.empty()) return absent("None.");
  std::vector<StackedBar> bars;
  Table table(std::string(id), with_files ? std::vector<std::string>{"path", "bytes", "files"}
                                          : std::vector<std::string>{"path", "bytes", "layer"});
  table.set_numeric(1);
  table.set_numeric(2);
  for (const json& entry : list) {
    const std::uint64_t b = number_field(entry, "bytes");
    bars.push_back({name_field(entry, "path"), {static_cast<double>(b)}, 0, bytes_text(b), ""});
    table.add_row({path_html(entry), bytes_html(b),
                   std::to_string(number_field(entry, with_files ? "files" : "layer"))});
  }
  return stacked_bars_svg({{"bytes", std::string(css_class)}}, bars, "", id) + table.render();
}

std::string largest_section(const json& r) {
  return "<h3>Directories</h3>\n" +
         sized_paths(array_field(r, "largest_directories"), "largest-directories", true,
                     "s-accent") +
         "<h3>Files</h3>\n" +
         sized_paths(array_field(r, "largest_files"), "largest-files", false, "s-neutral");
}

std::string wasted_section(const json& r) {
  const json& wasted = array_field(r, "wasted_files");
  if (wasted.empty()) return absent("No file is wasted: no layer replaces or deletes another's.");
  Table table("wasted-files", {"path", "bytes", "added in layer", "removed in layer"});
  for (std::size_t column = 1; column < 4; ++column) table.set_numeric(column);
  for (const json& f : wasted)
    table.add_row({path_html(f), bytes_html(number_field(f, "bytes")),
                   std::to_string(number_field(f, "layer")),
                   std::to_string(number_field(f, "removed_in_layer"))});
  return table.render();
}

std::string findings_section(const json& r) {
  const json& findings = array_field(r, "findings");
  if (findings.empty()) return absent("Nothing found that makes this image fat.");
  std::vector<StackedBar> bars;
  for (const json& f : findings) {
    const std::uint64_t b = number_field(f, "bytes");
    bars.push_back({text_field(f, "title"), {static_cast<double>(b)}, 0, bytes_text(b), ""});
  }
  std::string out = stacked_bars_svg({{"bytes", "s-bad"}}, bars, "", "why the image is fat");
  for (const json& f : findings) {
    out += fmt::format(
        "<div class=\"finding\" data-id=\"{}\"><h3>{} <span class=\"lead\">{}, {} "
        "files</span></h3>\n",
        escape(text_field(f, "id")), escape(text_field(f, "title")),
        bytes_html(number_field(f, "bytes")), number_field(f, "files"));
    out += "<p><b>Fix:</b> " + escape(text_field(f, "technique")) + "</p>\n";
    std::string examples;
    for (const json& e : array_field(f, "examples"))
      examples += fmt::format("<li>{} {} ({} files)</li>", path_html(e),
                              bytes_html(number_field(e, "bytes")), number_field(e, "files"));
    if (!examples.empty()) out += "<ul>" + examples + "</ul>\n";
    std::string evidence;
    for (const json& e : array_field(f, "evidence"))
      if (e.is_string()) evidence += (evidence.empty() ? "" : ", ") + escape(e.get<std::string>());
    if (!evidence.empty()) out += "<p class=\"lead\">Evidence: " + evidence + "</p>\n";
    out += "</div>\n";
  }
  return out;
}

}  // namespace

std::string xray_report_html(const json& r) {
  const json* image = field(r, "image");
  Page page("minify xray: " + (image ? text_field(*image, "reference") : std::string()));
  page.add_lead(fmt::format("xray report schema {}", number_field(r, "schema_version")));
  page.add_section("summary", "Summary", summary_section(r));
  page.add_section("layers", "Layers", layers_section(r));
  page.add_section("findings", "Why it is fat", findings_section(r));
  page.add_section("largest", "Largest", largest_section(r));
  page.add_section("wasted", "Wasted files", wasted_section(r));
  return page.render();
}

}  // namespace minify::html
