#include "html/build_report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"
#include "html/html_escape.h"
#include "html/json_fields.h"
#include "html/page.h"
#include "html/svg_chart.h"
#include "html/treemap_layout.h"

namespace minify::html {
namespace {

using nlohmann::json;

std::string seconds_text(double s) {
  return fmt::format("{:.1f} s", s);
}

// --- size ---------------------------------------------------------------------------------

std::string size_section(const json& r) {
  const json* original = field(r, "original");
  const json* slim = field(r, "slim");
  const std::uint64_t original_size = original ? number_field(*original, "size") : 0;
  const std::uint64_t slim_size = slim ? number_field(*slim, "size") : 0;
  const double ratio = real_field(r, "ratio");
  std::string out;
  if (ratio > 0) {
    out += fmt::format(
        "<p class=\"big\" id=\"ratio\" data-ratio=\"{}\">{:.1f}x smaller "
        "<span class=\"lead\">({:.1f}% of the original)</span></p>\n",
        ratio, 1.0 / ratio, 100.0 * ratio);
  }
  std::vector<std::pair<std::string, std::string>> items;
  items.emplace_back("original",
                     (original ? "<code>" + escape(text_field(*original, "reference")) + "</code> "
                               : std::string()) +
                         bytes_html(original_size, "original-size"));
  std::string output = text_field(r, "output");
  items.emplace_back(
      "slim",
      (slim ? "<code>" + escape(text_field(*slim, "reference")) + "</code> " : std::string()) +
          (slim_size > 0 ? bytes_html(slim_size, "slim-size") : std::string("(not loaded)")));
  if (!output.empty()) items.emplace_back("written to", "<code>" + escape(output) + "</code>");
  const json* kept = field(r, "kept");
  const json* image = field(r, "image");
  if (kept) {
    std::string files =
        fmt::format("<span id=\"kept-count\">{}</span> kept", number_field(*kept, "files"));
    if (image && number_field(*image, "files") > 0)
      files += fmt::format(" of <span id=\"image-files\">{}</span>", number_field(*image, "files"));
    files += " (" + bytes_html(number_field(*kept, "bytes"), "kept-bytes");
    if (image && number_field(*image, "bytes") > 0)
      files += " of " + bytes_html(number_field(*image, "bytes"), "image-bytes");
    files += fmt::format("); {} directories, {} symlinks", number_field(*kept, "dirs"),
                         number_field(*kept, "symlinks"));
    items.emplace_back("files", files);
  }
  if (const json* sensor = field(r, "sensor")) {
    items.emplace_back("sensor",
                       escape(text_field(*sensor, "mode")) +
                           (bool_field(*sensor, "fanotify") ? ", fanotify" : ", ptrace only"));
  }
  if (const json* status = field(r, "app_exit_status"); status && status->is_number())
    items.emplace_back("app exit status", std::to_string(status->get<long long>()));
  out += facts(items);
  if (original_size > 0) {
    std::vector<BarSeries> series = {{"original image", "s-muted"}, {"slim image", "s-good"}};
    std::vector<StackedBar> bars;
    bars.push_back(
        {"original", {static_cast<double>(original_size), 0}, 0, bytes_text(original_size), ""});
    if (slim_size > 0)
      bars.push_back({"slim", {0, static_cast<double>(slim_size)}, 0, bytes_text(slim_size), ""});
    out += stacked_bars_svg(series, bars, "", "image size before and after");
  }
  return out;
}

// --- the filesystem treemap --------------------------------------------------------------------

struct Directory {
  std::string path;  // bytes
  std::uint64_t kept_bytes = 0;
  std::uint64_t kept_files = 0;
  std::uint64_t dropped_bytes = 0;
  std::uint64_t dropped_files = 0;
  std::vector<std::size_t> children;
};

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string last_component(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

TreemapNode tree_of(const std::vector<Directory>& dirs, std::size_t at) {
  TreemapNode node;
  node.id = at;
  node.weight = static_cast<double>(dirs[at].kept_bytes + dirs[at].dropped_bytes);
  for (std::size_t child : dirs[at].children) node.children.push_back(tree_of(dirs, child));
  return node;
}

std::string treemap_title(const Directory& d, std::uint64_t kept, std::uint64_t dropped,
                          std::uint64_t kept_files, std::uint64_t dropped_files, bool own) {
  return fmt::format("{}{}: {} kept ({} files), {} dropped ({} files)",
                     byte_names::printable(d.path), own ? " (files directly in it)" : "",
                     bytes_text(kept), kept_files, bytes_text(dropped), dropped_files);
}

// A box split in two along its longer side: kept bytes (first) and dropped bytes.
void add_split_boxes(std::vector<TreemapBox>& boxes, Rect rect, std::uint64_t kept,
                     std::uint64_t dropped, std::string title, std::string label) {
  const double total = static_cast<double>(kept + dropped);
  if (total <= 0) return;
  const double share = static_cast<double>(kept) / total;
  Rect first = rect;
  Rect second = rect;
  if (rect.width >= rect.height) {
    first.width = rect.width * share;
    second.x += first.width;
    second.width -= first.width;
  } else {
    first.height = rect.height * share;
    second.y += first.height;
    second.height -= first.height;
  }
  if (kept > 0) boxes.push_back({first, "s-good", false, title, ""});
  if (dropped > 0) boxes.push_back({second, "s-muted", false, title, ""});
  // The label goes on an invisible box over both, so it is drawn once, at the corner.
  if (!label.empty()) boxes.push_back({rect, "", true, std::move(title), std::move(label)});
}

std::string filesystem_section(const json& r) {
  const json* filesystem = field(r, "filesystem");
  if (filesystem == nullptr)
    return absent("This report has no filesystem summary (it was written by an older minify).");
  std::vector<Directory> dirs;
  std::map<std::string, std::size_t> by_path;
  for (const json& entry : array_field(*filesystem, "directories")) {
    const json* path = field(entry, "path");
    if (path == nullptr) continue;
    Directory d;
    try {
      d.path = byte_names::name_from_json(*path);
    } catch (const byte_names::NameJsonError&) {
      continue;
    }
    d.kept_bytes = number_field(entry, "kept_bytes");
    d.kept_files = number_field(entry, "kept_files");
    d.dropped_bytes = number_field(entry, "dropped_bytes");
    d.dropped_files = number_field(entry, "dropped_files");
    if (by_path.count(d.path)) continue;
    by_path[d.path] = dirs.size();
    dirs.push_back(std::move(d));
  }
  if (dirs.empty()) return absent("The original filesystem holds no bytes.");
  if (!by_path.count("/")) {
    // "/" counts everything; without it, the top directories add up to it.
    Directory root;
    root.path = "/";
    for (const auto& d : dirs) {
      if (parent_of(d.path) != "/") continue;
      root.kept_bytes += d.kept_bytes;
      root.kept_files += d.kept_files;
      root.dropped_bytes += d.dropped_bytes;
      root.dropped_files += d.dropped_files;
    }
    by_path["/"] = dirs.size();
    dirs.push_back(root);
  }
  const std::size_t root = by_path["/"];
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    if (i == root) continue;
    // A directory whose parent is not listed hangs from the nearest one that is.
    std::string parent = parent_of(dirs[i].path);
    while (!by_path.count(parent)) parent = parent_of(parent);
    dirs[by_path[parent]].children.push_back(i);
  }

  constexpr double kWidth = 1200;
  constexpr double kHeight = 640;
  const std::vector<PlacedNode> placed =
      layout_treemap(tree_of(dirs, root), {0, 0, kWidth, kHeight}, {2, 14, 2});
  std::vector<TreemapBox> boxes;
  boxes.reserve(placed.size() * 2);
  for (const PlacedNode& p : placed) {
    const Directory& d = dirs[p.id];
    const bool leaf = d.children.empty();
    if (p.own || leaf) {
      std::uint64_t kept = d.kept_bytes, dropped = d.dropped_bytes;
      std::uint64_t kept_files = d.kept_files, dropped_files = d.dropped_files;
      if (p.own) {
        for (std::size_t c : d.children) {
          kept -= std::min(kept, dirs[c].kept_bytes);
          dropped -= std::min(dropped, dirs[c].dropped_bytes);
          kept_files -= std::min(kept_files, dirs[c].kept_files);
          dropped_files -= std::min(dropped_files, dirs[c].dropped_files);
        }
      }
      std::string label = p.own ? "" : (p.depth <= 1 ? d.path : last_component(d.path));
      add_split_boxes(boxes, p.rect, kept, dropped,
                      treemap_title(d, kept, dropped, kept_files, dropped_files, p.own),
                      byte_names::printable(label));
    } else if (p.depth >= 1) {
      // Directories of depth 1 and 2 have a strip for their name (the layout's header).
      boxes.push_back(
          {p.rect, "", true,
           treemap_title(d, d.kept_bytes, d.dropped_bytes, d.kept_files, d.dropped_files, false),
           p.depth <= 2 ? byte_names::printable(p.depth == 1 ? d.path : last_component(d.path))
                        : ""});
    }
  }
  const Directory& top = dirs[root];
  std::string out = fmt::format(
      "<p>The original image's merged filesystem, one box per directory (down to four levels), "
      "its area the bytes under it: {} kept, {} dropped. Hover a box for its numbers.</p>\n",
      bytes_html(top.kept_bytes, "treemap-kept"), bytes_html(top.dropped_bytes, "treemap-dropped"));
  out += legend_html({{"kept", "s-good"}, {"dropped", "s-muted"}});
  out += treemap_svg(boxes, kWidth, kHeight, "treemap of the original filesystem by directory");
  return out;
}

// --- dropped ---------------------------------------------------------------------------------

std::string dropped_section(const json& r) {
  const json* dropped = field(r, "dropped");
  if (dropped == nullptr)
    return absent(
        "This report does not list what was dropped (it was written by an older minify).");
  std::string out =
      facts({{"dropped", fmt::format("<span id=\"dropped-files\">{}</span> files, ",
                                     number_field(*dropped, "files")) +
                             bytes_html(number_field(*dropped, "bytes"), "dropped-bytes")}});
  const json& by_directory = array_field(*dropped, "by_directory");
  if (!by_directory.empty()) {
    std::vector<StackedBar> bars;
    for (const json& d : by_directory) {
      const std::uint64_t b = number_field(d, "bytes");
      bars.push_back(
          {name_field(d, "path"),
           {static_cast<double>(b)},
           0,
           bytes_text(b),
           fmt::format("{}: {} files dropped", name_field(d, "path"), number_field(d, "files"))});
      if (bars.size() == 20) break;
    }
    out += "<h3>By directory (the files directly in it)</h3>\n";
    out += stacked_bars_svg({{"dropped bytes", "s-muted"}}, bars, "", "dropped bytes by directory");
    Table table("dropped-dirs", {"directory", "files", "bytes"});
    table.set_numeric(1);
    table.set_numeric(2);
    for (const json& d : by_directory)
      table.add_row({path_html(d), std::to_string(number_field(d, "files")),
                     bytes_html(number_field(d, "bytes"))});
    out += table.render();
  }
  const json& largest = array_field(*dropped, "largest");
  if (!largest.empty()) {
    out += "<h3>Largest dropped files</h3>\n";
    Table table("dropped-largest", {"file", "bytes"});
    table.set_numeric(1);
    for (const json& f : largest)
      table.add_row({path_html(f), bytes_html(number_field(f, "bytes"))});
    out += table.render();
  }
  const json& skipped = array_field(r, "skipped");
  if (!skipped.empty()) {
    // Often thousands (a JVM probes many paths that are not there): folded, filterable.
    out += fmt::format(
        "<details><summary>Paths the app or the closure met and that were left out: {}</summary>\n",
        skipped.size());
    Table table("skipped", {"path", "why"});
    table.set_class("files");
    table.set_filterable("filter by path or reason");
    table.reserve(skipped.size());
    std::string row;
    for (const json& entry : skipped) {
      row = "<td>";
      if (const json* path = field(entry, "path")) append_json_name(row, *path);
      row += "<td>";
      append_escaped(row, text_field(entry, "reason"));
      table.add_row_html(row);
    }
    out += table.render() + "</details>\n";
  }
  return out;
}

// --- kept ------------------------------------------------------------------------------------

// A reason as a tag: its kind, then each detail (a name: "of", "to", "process"; or a string:
// "rule", "pattern"), written straight into the row.
void append_reason(std::string& out, const json& reason) {
  out += "<i>";
  if (!reason.is_object()) {
    out += "?</i>";
    return;
  }
  append_escaped(out, text_field(reason, "kind"));
  for (const auto& [key, value] : reason.items()) {
    if (key == "kind") continue;
    out += ' ';
    append_escaped(out, key);
    out += ' ';
    if (value.is_number()) {
      out += value.dump();
    } else {
      append_json_name(out, value);
    }
  }
  out += "</i>";
}

std::string kept_section(const json& r) {
  std::string out;
  if (const json* by_reason = field(r, "kept_by_reason"); by_reason && by_reason->is_object()) {
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& [reason, count] : by_reason->items())
      items.emplace_back(reason, escape(count.dump()));
    if (!items.empty()) {
      out += "<h3>Why entries were kept</h3>\n";
      out += facts(items);
    }
  }
  const json& largest_dirs = array_field(r, "largest_kept_dirs");
  if (!largest_dirs.empty()) {
    std::vector<StackedBar> bars;
    for (const json& d : largest_dirs) {
      const std::uint64_t b = number_field(d, "bytes");
      std::string path = name_field(d, "path");
      bars.push_back({path,
                      {static_cast<double>(b)},
                      0,
                      bytes_text(b),
                      fmt::format("{}: {} files kept", path, number_field(d, "files"))});
    }
    out += "<h3>Largest kept directories</h3>\n";
    out += stacked_bars_svg({{"kept bytes", "s-good"}}, bars, "", "largest kept directories");
  }
  out += "<h3>Kept files</h3>\n";
  if (const json* kept_files = field(r, "kept_files"); kept_files && kept_files->is_array()) {
    // The bulk of the page (a row per kept file, 50,000 in a big image): written straight into
    // the table, no string per cell, no end tags.
    Table table("kept-files", {"path", "type", "bytes", "why"});
    table.set_numeric(2);
    table.set_class("files");
    table.set_filterable("filter by path, type or reason");
    table.reserve(kept_files->size());
    std::string row;
    for (const json& f : *kept_files) {
      row.clear();
      row += "<td>";
      if (const json* path = field(f, "path")) {
        append_json_name(row, *path);
      } else {
        row += '?';
      }
      row += "<td>";
      append_escaped(row, text_field(f, "type"));
      row += "<td class=\"num\">";
      row += std::to_string(number_field(f, "bytes"));
      row += "<td>";
      for (const json& reason : array_field(f, "reasons")) append_reason(row, reason);
      table.add_row_html(row);
    }
    out += table.render();
  } else {
    const json& paths = array_field(r, "kept_paths");
    out += absent(
        "This report has no reasons for its kept files (it was written by an older minify): "
        "their paths only.");
    Table table("kept-files", {"path"});
    table.set_class("files");
    table.set_filterable("filter by path");
    table.reserve(paths.size());
    std::string row;
    for (const json& p : paths) {
      row = "<td>";
      append_json_name(row, p);
      table.add_row_html(row);
    }
    out += table.render();
  }
  return out;
}

// --- probes and verify -------------------------------------------------------------------------

std::string run_html(const json* found) {
  if (found == nullptr || !found->is_object()) return "<span class=\"absent\">not run</span>";
  const json& run = *found;
  if (!bool_field(run, "answered"))
    return "<span class=\"fail\">no answer</span> " + escape(text_field(run, "error"));
  return fmt::format("{} <span class=\"lead\">({} bytes, {:.0f} ms)</span>",
                     number_field(run, "status"), number_field(run, "output_bytes"),
                     real_field(run, "ms"));
}

std::string probes_section(const json& r) {
  std::string out;
  const json* verify = field(r, "verify");
  if (verify == nullptr) {
    out += absent("This report says nothing of verify.");
  } else if (!bool_field(*verify, "ran")) {
    out +=
        "<p id=\"verify\" data-verify=\"skipped\">Verify was skipped: the slim image was not "
        "run.</p>\n";
  } else if (bool_field(*verify, "passed")) {
    out +=
        "<p id=\"verify\" data-verify=\"passed\"><span class=\"ok\">Verify passed</span>: the "
        "slim image answered every probe as the original did.</p>\n";
  } else {
    out +=
        "<p id=\"verify\" data-verify=\"failed\"><span class=\"fail\">Verify failed</span>: the "
        "slim image does not answer like the original.</p>\n<ul>";
    for (const json& m : array_field(*verify, "mismatches"))
      out += "<li>" + escape(m.is_string() ? m.get<std::string>() : m.dump()) + "</li>";
    out += "</ul>\n";
    std::string logs = text_field(*verify, "slim_logs");
    if (!logs.empty())
      out += "<h3>The slim container's output</h3><pre>" + escape(logs) + "</pre>\n";
  }
  const json& probes = array_field(r, "probes");
  if (probes.empty()) {
    out += absent("No probes: nothing was sent to the app.");
  } else {
    Table table("probes", {"kind", "probe", "original", "slim", "mismatch"});
    for (const json& p : probes) {
      std::string mismatch = text_field(p, "mismatch");
      table.add_row(
          {escape(text_field(p, "kind")), "<code>" + escape(text_field(p, "name")) + "</code>",
           run_html(field(p, "original")), run_html(field(p, "slim")),
           mismatch.empty() ? "" : "<span class=\"fail\">" + escape(mismatch) + "</span>"});
    }
    out += table.render();
  }
  if (const json* ports = field(r, "ports")) {
    std::string listening;
    for (const json& port : array_field(*ports, "listening"))
      listening += (listening.empty() ? "" : ", ") + escape(port.dump());
    std::string probed;
    for (const json& p : array_field(*ports, "probed"))
      probed += fmt::format("{}{} ({}{})", probed.empty() ? "" : ", ", number_field(p, "port"),
                            bool_field(p, "exposed") ? "exposed, " : "not exposed, ",
                            escape(text_field(p, "via")));
    out += facts({{"ports listened on", listening.empty() ? "none" : listening},
                  {"probed over HTTP", probed.empty() ? "none" : probed}});
  }
  return out;
}

// --- phases ------------------------------------------------------------------------------------

std::string phases_section(const json& r) {
  const json* phases = field(r, "phases_seconds");
  if (phases == nullptr || !phases->is_object() || phases->empty())
    return absent("This report has no phase times.");
  // The pipeline's order; JSON objects come back sorted by name.
  std::vector<std::string> order = {"inspect", "analysis", "pack", "image", "verify"};
  for (const auto& [name, value] : phases->items())
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  std::vector<StackedBar> bars;
  for (const auto& name : order) {
    const json* value = field(*phases, name);
    if (value == nullptr || !value->is_number()) continue;
    const double s = value->get<double>();
    bars.push_back({name, {s}, 0, seconds_text(s), ""});
  }
  std::string out =
      facts({{"total", "<span id=\"total-seconds\">" +
                           seconds_text(real_field(r, "total_seconds")) + "</span>"}});
  out += stacked_bars_svg({{"wall time", "s-neutral"}}, bars, "", "time of each phase");
  return out;
}

// --- seccomp -----------------------------------------------------------------------------------

std::string seccomp_section(const json& r) {
  const json* seccomp = field(r, "seccomp");
  if (seccomp == nullptr || !seccomp->is_object())
    return absent("No seccomp profile was written in this build (--seccomp FILE writes one).");
  const std::uint64_t allowed = number_field(*seccomp, "allowed");
  // "observed": what the profile allows beyond the runtime's baseline, because the app made it.
  const std::uint64_t observed = std::min(allowed, number_field(*seccomp, "observed"));
  const std::uint64_t runtime = allowed - observed;
  std::vector<std::pair<std::string, std::string>> items = {
      {"profile", "<code>" + escape(text_field(*seccomp, "path")) + "</code>"},
      {"architecture", escape(text_field(*seccomp, "arch"))},
      {"allowed", fmt::format("<span id=\"seccomp-allowed\">{}</span> syscalls ({} the runtime "
                              "needs, {} more the app made)",
                              allowed, runtime, observed)}};
  std::vector<StackedBar> bars = {{"this profile",
                                   {static_cast<double>(runtime), static_cast<double>(observed)},
                                   0,
                                   std::to_string(allowed),
                                   ""}};
  if (const json* engine = field(*seccomp, "engine_default"); engine && engine->is_object()) {
    const std::uint64_t engine_allowed = number_field(*engine, "allowed");
    items.emplace_back("engine's default profile",
                       fmt::format("{} syscalls (from {})", engine_allowed,
                                   escape(text_field(*engine, "source"))));
    bars.push_back({"engine default",
                    {0, 0, static_cast<double>(engine_allowed)},
                    0,
                    std::to_string(engine_allowed),
                    ""});
  } else {
    items.emplace_back("engine's default profile", "not found");
  }
  std::string out = facts(items);
  out += stacked_bars_svg({{"the runtime needs", "s-accent"},
                           {"the app made", "s-good"},
                           {"engine default", "s-muted"}},
                          bars, "", "syscalls allowed");
  return out;
}

}  // namespace

std::string build_report_html(const json& r) {
  const json* original = field(r, "original");
  const json* slim = field(r, "slim");
  std::string from = original ? text_field(*original, "reference") : "";
  std::string to = text_field(r, "output");
  if (to.empty() && slim) to = text_field(*slim, "reference");
  Page page("minify build: " + from + " -> " + to);
  page.add_lead(fmt::format("minify {}, report schema {}", escape(text_field(r, "minify_version")),
                            number_field(r, "schema_version")));
  page.add_section("size", "Size", size_section(r));
  page.add_section("filesystem", "Original filesystem", filesystem_section(r));
  page.add_section("dropped", "Dropped", dropped_section(r));
  page.add_section("kept", "Kept files", kept_section(r));
  page.add_section("probes", "Probes and verify", probes_section(r));
  page.add_section("phases", "Phase times", phases_section(r));
  page.add_section("seccomp", "Seccomp profile", seccomp_section(r));
  const json& warnings = array_field(r, "warnings");
  if (!warnings.empty()) {
    std::string list = "<ul>";
    for (const json& w : warnings)
      list += "<li>" + escape(w.is_string() ? w.get<std::string>() : w.dump()) + "</li>";
    page.add_section("warnings", "Warnings", list + "</ul>");
  }
  return page.render();
}

std::string report_file_name(std::string_view slim_reference) {
  // Written to an archive (--output), the slim image is named by that file.
  constexpr std::string_view kArchive = "docker-archive:";
  if (slim_reference.starts_with(kArchive)) {
    slim_reference.remove_prefix(kArchive.size());
    if (const auto slash = slim_reference.rfind('/'); slash != std::string_view::npos)
      slim_reference.remove_prefix(slash + 1);
  }
  std::string name(slim_reference);
  for (char& c : name)
    if (c == '/' || c == ':') c = '_';
  if (name.empty()) name = "minify";
  return name + ".minify-report.html";
}

}  // namespace minify::html
