#include "diff/html_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "html/html_escape.h"
#include "html/json_fields.h"
#include "html/page.h"
#include "html/svg_chart.h"
#include "progress/progress_reporter.h"

namespace minify::diff {
namespace {

using html::absent;
using html::array_field;
using html::bool_field;
using html::bytes_html;
using html::escape;
using html::facts;
using html::field;
using html::name_field;
using html::number_field;
using html::Page;
using html::path_html;
using html::real_field;
using html::shorten;
using html::stacked_bars_svg;
using html::StackedBar;
using html::Table;
using html::text_field;
using nlohmann::json;

std::string signed_bytes_html(std::uint64_t a, std::uint64_t b) {
  return (b >= a ? "+" : "&minus;") + bytes_html(b >= a ? b - a : a - b);
}

const json& object_field(const json& j, std::string_view key) {
  static const json kEmpty = json::object();
  const json* f = field(j, key);
  return f != nullptr && f->is_object() ? *f : kEmpty;
}

std::string summary_section(const json& r) {
  const json& a = object_field(r, "a");
  const json& b = object_field(r, "b");
  const json& size = object_field(r, "size");
  const json& files = object_field(r, "files");
  const json& layers = object_field(r, "layers");
  std::uint64_t bytes_a = number_field(size, "bytes_a"), bytes_b = number_field(size, "bytes_b");
  std::string out = fmt::format(
      "<p class=\"big\"><span id=\"ratio\" data-ratio=\"{}\">{:.1f}%</span> of A's size "
      "<span class=\"lead\">({} &rarr; {})</span></p>\n",
      real_field(size, "ratio"), 100.0 * real_field(size, "ratio"), bytes_html(bytes_a, "size-a"),
      bytes_html(bytes_b, "size-b"));
  auto count = [&](const char* kind, const char* id) {
    const json& c = object_field(files, kind);
    return fmt::format("<span id=\"{}\">{}</span> ({} &rarr; {})", id, number_field(c, "files"),
                       bytes_html(number_field(c, "bytes_a")),
                       bytes_html(number_field(c, "bytes_b")));
  };
  out += facts({
      {"A", "<code>" + escape(text_field(a, "reference")) + "</code> " +
                escape(text_field(a, "format")) + " <code>" + escape(text_field(a, "id")) +
                "</code>"},
      {"B", "<code>" + escape(text_field(b, "reference")) + "</code> " +
                escape(text_field(b, "format")) + " <code>" + escape(text_field(b, "id")) +
                "</code>"},
      {"layers", fmt::format("{} &rarr; {} ({} shared)", number_field(layers, "a"),
                             number_field(layers, "b"), number_field(layers, "shared"))},
      {"files", fmt::format("{} &rarr; {}", number_field(a, "files"), number_field(b, "files"))},
      {"added", count("added", "added-count")},
      {"removed", count("removed", "removed-count")},
      {"changed", count("changed", "changed-count")},
      {"mode or owner only", count("metadata_changed", "metadata-count")},
      {"the same", count("unchanged", "unchanged-count")},
  });
  // Each image as one bar: what both share, what changed, and what only it has.
  auto bar = [&](const char* label, const char* side, const char* own_kind) {
    std::string key = std::string("bytes_") + side;
    double same = static_cast<double>(number_field(object_field(files, "unchanged"), key) +
                                      number_field(object_field(files, "metadata_changed"), key));
    double changed = static_cast<double>(number_field(object_field(files, "changed"), key));
    double own = static_cast<double>(number_field(object_field(files, own_kind), key));
    std::uint64_t total = number_field(size, key);
    return StackedBar{label,
                      {same, changed, own},
                      0,
                      progress::format_bytes(total),
                      fmt::format("{}: {} bytes", label, total)};
  };
  out += stacked_bars_svg({{"the same in both", "s-good"},
                           {"changed", "s-warn"},
                           {"only in this image (removed / added)", "s-muted"}},
                          {bar("A", "a", "removed"), bar("B", "b", "added")}, "",
                          "the bytes of A and B: the same, changed, only in one");
  return out;
}

std::string layers_section(const json& r) {
  std::string out;
  for (const char* side : {"a", "b"}) {
    const json& image = object_field(r, side);
    Table table(std::string("layers-") + side, {"#", "bytes", "files", "shared", "instruction"});
    table.set_numeric(0);
    table.set_numeric(1);
    table.set_numeric(2);
    for (const json& layer : array_field(image, "layers")) {
      table.add_row(
          {std::to_string(number_field(layer, "index")), bytes_html(number_field(layer, "bytes")),
           std::to_string(number_field(layer, "files")),
           bool_field(layer, "shared") ? "shared" : "",
           "<code>" + escape(shorten(text_field(layer, "instruction"), 120)) + "</code>"});
    }
    out += fmt::format("<h3>{} <code>{}</code></h3>\n", side[0] == 'a' ? "A" : "B",
                       escape(text_field(image, "reference")));
    out += table.rows() == 0 ? absent("No layers.") : table.render();
  }
  return out;
}

std::string directories_section(const json& r) {
  const json& dirs = object_field(r, "directories");
  std::string out;
  for (const char* kind : {"lost", "gained"}) {
    const json& list = array_field(dirs, kind);
    out += fmt::format("<h3>Directories that {} the most</h3>\n", kind);
    if (list.empty()) {
      out += absent(std::string("No directory ") + kind + " bytes.");
      continue;
    }
    std::vector<StackedBar> bars;
    Table table(std::string("dirs-") + kind,
                {"directory", "change", "A", "B", "files A", "files B"});
    for (std::size_t column = 1; column < 6; ++column) table.set_numeric(column);
    for (const json& d : list) {
      std::uint64_t a = number_field(d, "bytes_a"), b = number_field(d, "bytes_b");
      std::string name = name_field(d, "path");
      bars.push_back({shorten(name, 48),
                      {static_cast<double>(a > b ? a - b : b - a)},
                      0,
                      (b >= a ? "+" : "-") + progress::format_bytes(a > b ? a - b : b - a),
                      fmt::format("{}: {} -> {} bytes", name, a, b)});
      table.add_row({path_html(d), signed_bytes_html(a, b), bytes_html(a), bytes_html(b),
                     std::to_string(number_field(d, "files_a")),
                     std::to_string(number_field(d, "files_b"))});
    }
    out += stacked_bars_svg(
        // The change alone, on one scale: a directory's own size would hide it.
        {{kind[0] == 'l' ? "bytes lost" : "bytes gained",
          kind[0] == 'l' ? "s-muted" : "s-neutral"}},
        bars, "", std::string("directories that ") + kind + " the most bytes");
    out += table.render();
  }
  return out;
}

std::string files_section(const json& r) {
  std::string out;
  struct Kind {
    const char* key;
    const char* heading;
  };
  for (Kind kind : {Kind{"largest_removed", "Largest removed files"},
                    Kind{"largest_added", "Largest added files"},
                    Kind{"largest_changed", "Largest changed files"}}) {
    const json& list = array_field(r, kind.key);
    out += fmt::format("<h3>{}</h3>\n", kind.heading);
    if (list.empty()) {
      out += absent("None.");
      continue;
    }
    Table table(std::string(kind.key), {"path", "A", "B", "what changed"});
    table.set_numeric(1);
    table.set_numeric(2);
    table.set_filterable("filter paths");
    for (const json& f : list) {
      std::string what;
      for (const json& w : array_field(f, "what"))
        if (w.is_string()) what += (what.empty() ? "" : ", ") + escape(w.get<std::string>());
      table.add_row({path_html(f), bytes_html(number_field(f, "bytes_a")),
                     bytes_html(number_field(f, "bytes_b")), what});
    }
    out += table.render();
  }
  return out;
}

std::string packages_section(const json& r) {
  const json& packages = array_field(r, "packages");
  if (packages.empty()) return absent("Neither image has a package database minify reads.");
  std::string out;
  for (const json& p : packages) {
    std::string manager = text_field(p, "manager");
    std::string status = text_field(p, "status");
    out += fmt::format("<h3>{}</h3>\n", escape(manager));
    if (status == "only_in_a") {
      out += fmt::format(
          "<p class=\"package-status\" data-status=\"only_in_a\">No package database in B "
          "(A has {} packages in <code>{}</code>).</p>\n",
          number_field(p, "packages_a"), escape(text_field(p, "path_a")));
      continue;
    }
    if (status == "only_in_b") {
      out += fmt::format(
          "<p class=\"package-status\" data-status=\"only_in_b\">No package database in A "
          "(B has {} packages in <code>{}</code>).</p>\n",
          number_field(p, "packages_b"), escape(text_field(p, "path_b")));
      continue;
    }
    if (status == "not_supported") {
      out +=
          "<p class=\"package-status\" data-status=\"not_supported\">The database is there; "
          "minify does not read it.</p>\n";
      continue;
    }
    out += fmt::format(
        "<p class=\"package-status\" data-status=\"compared\">{} added, {} removed, {} changed, "
        "{} the same ({} &rarr; {} packages).</p>\n",
        array_field(p, "added").size(), array_field(p, "removed").size(),
        array_field(p, "changed").size(), number_field(p, "unchanged"),
        number_field(p, "packages_a"), number_field(p, "packages_b"));
    Table table("packages-" + manager,
                {"", "package", "version in A", "version in B", "size A", "size B"});
    table.set_numeric(4);
    table.set_numeric(5);
    table.set_filterable("filter packages");
    for (const char* kind : {"added", "removed", "changed"}) {
      const char* mark = kind[0] == 'a' ? "+" : kind[0] == 'r' ? "&minus;" : "~";
      for (const json& c : array_field(p, kind)) {
        table.add_row({mark, escape(text_field(c, "name")), escape(text_field(c, "version_a")),
                       escape(text_field(c, "version_b")), bytes_html(number_field(c, "bytes_a")),
                       bytes_html(number_field(c, "bytes_b"))});
      }
    }
    if (table.rows() > 0) out += table.render();
  }
  return out;
}

}  // namespace

std::string to_html(const json& report) {
  const json& a = object_field(report, "a");
  const json& b = object_field(report, "b");
  Page page("minify diff: " + text_field(a, "reference") + " -> " + text_field(b, "reference"));
  page.add_lead(fmt::format("A <code>{}</code> &rarr; B <code>{}</code>",
                            escape(text_field(a, "reference")),
                            escape(text_field(b, "reference"))));
  page.add_section("summary", "Summary", summary_section(report));
  page.add_section("directories", "Directories", directories_section(report));
  page.add_section("files", "Files", files_section(report));
  page.add_section("packages", "Packages", packages_section(report));
  page.add_section("layers", "Layers", layers_section(report));
  return page.render();
}

}  // namespace minify::diff
