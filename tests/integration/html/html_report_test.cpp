// The HTML reports as a person sees them: minify writes them from a real build and a real xray,
// chromium (headless) opens them and runs their script, and the test reads the DOM it leaves: the
// charts are drawn (each chart laid out with a non-zero size, its boxes too), the numbers are the
// JSON report's, the kept-files table has a row per kept path, its filter (started from the URL's
// #filter=) hides the others, and no script error occurred. A screenshot of each page goes to
// build/test-output/html/ for a person to look at.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/headless_browser.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;
using nlohmann::json;

namespace {

// Removes the slim image a test built (never a fixture) however the test ends.
struct SlimImage {
  std::string tag;
  ~SlimImage() { run_process({"docker", "image", "rm", "-f", tag}); }
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The DOM of the element <tag ... id="ID" ...> up to its closing tag.
std::string element(const std::string& dom, const std::string& tag, const std::string& id) {
  const auto at = dom.find(" id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const auto open = dom.rfind("<" + tag, at);
  const auto close = dom.find("</" + tag + ">", at);
  return dom.substr(open, close - open);
}

// Every chart of the page was laid out with a size, and drew its rects.
void check_charts_drawn(const std::string& dom, std::size_t at_least) {
  std::size_t charts = 0;
  for (auto at = dom.find("<svg class=\"chart"); at != std::string::npos;
       at = dom.find("<svg class=\"chart", at + 1)) {
    const std::string tag = dom.substr(at, dom.find('>', at) - at);
    const auto drawn = tag.find("data-drawn=\"");
    REQUIRE_MESSAGE(drawn != std::string::npos, tag);
    unsigned width = 0, height = 0;
    std::sscanf(tag.c_str() + drawn + 12, "%ux%u", &width, &height);
    INFO(tag);
    CHECK(width > 100);
    CHECK(height > 10);
    const auto rects = tag.find("data-drawn-rects=\"");
    REQUIRE(rects != std::string::npos);
    CHECK(std::stoul(tag.substr(rects + 18)) > 0);
    ++charts;
  }
  CHECK(charts >= at_least);
}

void check_no_script_error(const BrowserRun& page) {
  INFO("chromium's uncaught errors: " << (page.uncaught.empty() ? "" : page.uncaught.front()));
  CHECK(page.uncaught.empty());
  CHECK_FALSE(root_attribute(page.dom, "data-script-errors"));
  CHECK(root_attribute(page.dom, "data-ready") == "1");
}

}  // namespace

TEST_CASE("the browser helper sees a script error (so that 'no script error' can fail)") {
  TempDir dir;
  write_file(dir / "broken.html",
             "<!DOCTYPE html><html><head><script>window.addEventListener('error',function(e){"
             "document.documentElement.setAttribute('data-script-errors',e.message);});"
             "</script></head><body><p id=\"p\" data-x=\"a&amp;b\">hi <b>there</b></p>"
             "<script>undefinedFunction();</script></body></html>");
  const BrowserRun page = open_in_browser(dir / "broken.html");
  CHECK(root_attribute(page.dom, "data-script-errors")->find("undefinedFunction") !=
        std::string::npos);
  REQUIRE(page.uncaught.size() == 1);
  CHECK(page.uncaught[0].find("undefinedFunction is not defined") != std::string::npos);
  CHECK(attribute_of(page.dom, "p", "data-x") == "a&b");
  CHECK(text_of(page.dom, "p") == "hi there");
}

TEST_CASE("build --report-html: the page draws the JSON report's numbers, its filter works") {
  const std::string image = fixture_image("python-web");
  require_fixture_image(image);
  TempDir dir;
  SlimImage slim{unique_name("minify-html-test") + ":t"};
  const ProcessResult built =
      run_minify({"build", image, "--tag", slim.tag, "--probe", "GET /quote", "--json", "--report",
                  (dir / "report.json").string(), "--report-html", (dir / "report.html").string()});
  INFO("minify stderr:\n" << built.err);
  REQUIRE(built.status == 0);
  // stdout is the JSON alone; the page's path is on stderr.
  const json stdout_json = json::parse(built.out);
  const json report = json::parse(read_file(dir / "report.json"));
  CHECK(stdout_json == report);
  CHECK(built.err.find("  report   " + (dir / "report.html").string() + "\n") != std::string::npos);

  const std::filesystem::path shot = test_output_dir("html") / "build-python-web.png";
  std::filesystem::remove(shot);
  const BrowserRun page = open_in_browser(dir / "report.html", "filter=quotes.txt", shot);
  check_no_script_error(page);
  check_charts_drawn(page.dom, 3);
  CHECK(png_size(shot) == std::pair<unsigned, unsigned>{1280, 2000});

  CHECK(attribute_of(page.dom, "original-size", "data-bytes") ==
        std::to_string(report["original"]["size"].get<std::int64_t>()));
  CHECK(attribute_of(page.dom, "slim-size", "data-bytes") ==
        std::to_string(report["slim"]["size"].get<std::int64_t>()));
  CHECK(text_of(page.dom, "kept-count") == std::to_string(report["kept"]["files"].get<int>()));
  CHECK(std::stod(*attribute_of(page.dom, "ratio", "data-ratio")) ==
        doctest::Approx(report["ratio"].get<double>()));

  // One row per kept path; the filter from the URL leaves those that mention quotes.txt.
  const bool with_reasons = report.contains("kept_files");
  const json& kept = with_reasons ? report["kept_files"] : report["kept_paths"];
  const std::string table = element(page.dom, "table", "kept-files");
  const std::size_t rows = count(table, "<tr") - 1;
  CHECK(rows == kept.size());
  std::size_t matching = 0;
  for (const json& entry : kept)
    if (lower(entry.dump()).find("quotes.txt") != std::string::npos) ++matching;
  CHECK(matching >= 1);
  CHECK(attribute_of(page.dom, "kept-files", "data-shown") == std::to_string(matching));
  CHECK(count(table, "<tr hidden") == rows - matching);

  if (report.contains("filesystem")) {
    const auto treemap = page.dom.find("<svg class=\"chart treemap\"");
    REQUIRE(treemap != std::string::npos);
    const std::string svg = page.dom.substr(treemap, page.dom.find("</svg>", treemap) - treemap);
    CHECK(count(svg, "class=\"box s-good\"") > 0);
    CHECK(count(svg, "class=\"box s-muted\"") > 0);
    CHECK(svg.find(" width=\"0.0\"") == std::string::npos);
  } else {
    MESSAGE("this report has no filesystem summary yet (schema " << report["schema_version"]
                                                                 << "): no treemap to check");
  }
}

TEST_CASE("build: the page goes to NAME.minify-report.html by default; =false writes none") {
  const std::string image = fixture_image("static");
  require_fixture_image(image);
  TempDir dir;
  SlimImage slim{unique_name("minify-html-test") + "/static:t"};
  const std::string cd = "cd " + shell_quote(dir.path().string()) + " && " +
                         shell_quote(minify_binary()) + " build " + image + " --tag " + slim.tag;
  const std::string name = unique_name("minify-html-test") + "_static_t.minify-report.html";

  const ProcessResult by_default = run_shell(cd);
  INFO("minify stderr:\n" << by_default.err);
  REQUIRE(by_default.status == 0);
  CHECK(std::filesystem::exists(dir / name));
  CHECK(by_default.out.find("  report   " + name + "\n") != std::string::npos);
  std::filesystem::remove(dir / name);

  const ProcessResult off = run_shell(cd + " --report-html=false");
  REQUIRE(off.status == 0);
  CHECK(std::filesystem::is_empty(dir.path()));
  CHECK(off.out.find("report") == std::string::npos);

  // A file in a directory that does not exist is a usage error before anything runs.
  const ProcessResult bad = run_shell(cd + " --report-html /nonexistent-dir/x.html");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--report-html") != std::string::npos);
}

TEST_CASE("xray --html: layers as stacked bars, the findings with their fixes") {
  const std::string image = fixture_image("waste");
  require_fixture_image(image);
  TempDir dir;
  const ProcessResult xray =
      run_minify({"xray", image, "--json", "--html", (dir / "xray.html").string()});
  INFO("minify stderr:\n" << xray.err);
  REQUIRE(xray.status == 0);
  const json report = json::parse(xray.out);

  const std::filesystem::path shot = test_output_dir("html") / "xray-waste.png";
  std::filesystem::remove(shot);
  const BrowserRun page = open_in_browser(dir / "xray.html", "", shot);
  check_no_script_error(page);
  check_charts_drawn(page.dom, 3);
  CHECK(png_size(shot) == std::pair<unsigned, unsigned>{1280, 2000});

  CHECK(attribute_of(page.dom, "wasted-bytes", "data-bytes") ==
        std::to_string(report["summary"]["wasted_bytes"].get<std::uint64_t>()));
  CHECK(std::stod(*attribute_of(page.dom, "efficiency", "data-efficiency")) ==
        doctest::Approx(report["summary"]["efficiency"].get<double>()));
  // A bar per layer (its label), the wasted part of the layers that waste hatched.
  const auto start = page.dom.find("aria-label=\"layers, bottom first\"");
  REQUIRE(start != std::string::npos);
  const std::string bars = page.dom.substr(start, page.dom.find("</svg>", start) - start);
  std::size_t wasting = 0;
  for (const json& layer : report["layers"]) {
    CHECK(bars.find(">" + std::to_string(layer["index"].get<int>()) + ": ") != std::string::npos);
    if (layer["wasted_bytes"].get<std::uint64_t>() > 0) ++wasting;
  }
  CHECK(wasting > 0);
  CHECK(count(bars, "class=\"s-overlay\"") == wasting);
  CHECK(count(page.dom, "<div class=\"finding\"") == report["findings"].size());
  for (const json& finding : report["findings"])
    CHECK(page.dom.find("data-id=\"" + finding["id"].get<std::string>() + "\"") !=
          std::string::npos);
}
