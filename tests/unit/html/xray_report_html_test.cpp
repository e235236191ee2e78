#include "html/xray_report_html.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

json xray_report() {
  return {
      {"schema_version", 1},
      {"image",
       {{"reference", "minify-fixture/waste"},
        {"format", "docker-archive"},
        {"id", "sha256:abc"},
        {"tags", {"minify-fixture/waste:latest"}},
        {"os", "linux"},
        {"architecture", "amd64"},
        {"distro", "Debian GNU/Linux 12 (bookworm)"}}},
      {"summary",
       {{"layers", 2},
        {"total_bytes", 21'000'000},
        {"image_bytes", 10'500'000},
        {"wasted_bytes", 10'485'760},
        {"efficiency", 0.5},
        {"files", 10},
        {"directories", 3}}},
      {"layers",
       {{{"index", 0},
         {"instruction", "ADD rootfs.tar /"},
         {"bytes", 10'514'240},
         {"added", {{"files", 9}, {"bytes", 10'514'240}}},
         {"modified", {{"files", 0}, {"bytes", 0}}},
         {"removed", {{"files", 0}, {"bytes", 0}}},
         {"wasted_bytes", 0}},
        {{"index", 1},
         {"instruction", "RUN head -c 10M /dev/zero > /<big>"},
         {"bytes", 10'485'760},
         {"added", {{"files", 1}, {"bytes", 10'485'760}}},
         {"modified", {{"files", 0}, {"bytes", 0}}},
         {"removed", {{"files", 0}, {"bytes", 0}}},
         {"wasted_bytes", 10'485'760}}}},
      {"largest_files", {{{"path", {{"hex", "2f626967e9"}}}, {"bytes", 10'485'760}, {"layer", 1}}}},
      {"largest_directories", {{{"path", "/usr"}, {"bytes", 9'000'000}, {"files", 8}}}},
      {"wasted_files",
       {{{"path", "/big"}, {"bytes", 10'485'760}, {"layer", 1}, {"removed_in_layer", 2}}}},
      {"findings",
       {{{"id", "apt-cache"},
         {"title", "apt package lists and archives"},
         {"bytes", 300'000},
         {"files", 4},
         {"technique", "rm -rf /var/lib/apt/lists/* in the same RUN"},
         {"examples", {{{"path", "/var/lib/apt/lists"}, {"bytes", 300'000}, {"files", 4}}}},
         {"evidence", json::array()}}}},
      {"gates",
       {{{"gate", "max-wasted"}, {"limit", 1000}, {"value", 10'485'760}, {"passed", false}}}},
  };
}

}  // namespace

TEST_CASE("the xray page: summary, layers as stacked bars with the wasted part, findings") {
  const std::string page = minify::html::xray_report_html(xray_report());
  CHECK(has(page, "<title>minify xray: minify-fixture/waste</title>"));
  CHECK(has(page, "data-efficiency=\"0.5\">50.0% efficient"));
  CHECK(has(page, "id=\"wasted-bytes\" data-bytes=\"10485760\""));
  const auto start = page.find("aria-label=\"layers, bottom first\"");
  REQUIRE(start != std::string::npos);
  const std::string bars = page.substr(start, page.find("</svg>", start) - start);
  CHECK(count(bars, "class=\"s-neutral\"") == 2);
  CHECK(count(bars, "class=\"s-overlay\"") == 1);
  CHECK(has(bars, "1: RUN head -c 10M /dev/zero &gt; /&lt;big&gt;"));
  CHECK(has(page, "<b>Fix:</b> rm -rf /var/lib/apt/lists/* in the same RUN"));
  CHECK(has(page, "data-id=\"apt-cache\""));
  CHECK(has(page, "<code>/big\\xe9</code>"));
  CHECK(has(page, "<span class=\"fail\">failed</span>"));
}

TEST_CASE("the xray page of an empty document still draws") {
  const std::string page = minify::html::xray_report_html(json::object());
  CHECK(has(page, "This report has no summary."));
  CHECK(has(page, "</html>"));
}
