// `minify diff --html` as a person sees it: the page of a real diff (the base and the base plus
// one apt package), opened in chromium (headless) with its script run: its charts are laid out,
// its numbers are the JSON report's, the package table names the package, and no script error
// occurred. A screenshot goes to build/test-output/diff/ for a person to look at.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/fixture_images.h"
#include "support/headless_browser.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace minify::test;
using nlohmann::json;

TEST_CASE("diff --html: the sizes, the directories and the package added, drawn from the JSON") {
  require_fixture_image(fixture_image("bookworm"));
  require_fixture_image(fixture_image("one-package"));
  TempDir dir;
  ProcessResult diff = run_minify({"diff", fixture_image("bookworm"), fixture_image("one-package"),
                                   "--json", "--html", (dir / "diff.html").string()});
  INFO("minify stderr:\n" << diff.err);
  REQUIRE(diff.status == 0);
  json report = json::parse(diff.out);

  std::filesystem::path shot = test_output_dir("diff") / "diff-one-package.png";
  std::filesystem::remove(shot);
  BrowserRun page = open_in_browser(dir / "diff.html", "", shot);
  INFO("chromium's uncaught errors: " << (page.uncaught.empty() ? "" : page.uncaught.front()));
  CHECK(page.uncaught.empty());
  CHECK_FALSE(root_attribute(page.dom, "data-script-errors"));
  CHECK(root_attribute(page.dom, "data-ready") == "1");

  // Every chart laid out with a size and its rects drawn: the sizes, the directories gained.
  std::size_t charts = 0;
  for (auto at = page.dom.find("<svg class=\"chart"); at != std::string::npos;
       at = page.dom.find("<svg class=\"chart", at + 1)) {
    std::string tag = page.dom.substr(at, page.dom.find('>', at) - at);
    INFO(tag);
    CHECK(tag.find("data-drawn=\"0x") == std::string::npos);
    auto rects = tag.find("data-drawn-rects=\"");
    REQUIRE(rects != std::string::npos);
    CHECK(std::stoul(tag.substr(rects + 18)) > 0);
    ++charts;
  }
  CHECK(charts >= 2);

  CHECK(attribute_of(page.dom, "size-a", "data-bytes") ==
        std::to_string(report["size"]["bytes_a"].get<std::uint64_t>()));
  CHECK(attribute_of(page.dom, "size-b", "data-bytes") ==
        std::to_string(report["size"]["bytes_b"].get<std::uint64_t>()));
  CHECK(std::stod(*attribute_of(page.dom, "ratio", "data-ratio")) ==
        doctest::Approx(report["size"]["ratio"].get<double>()));
  CHECK(text_of(page.dom, "added-count") ==
        std::to_string(report["files"]["added"]["files"].get<std::uint64_t>()));
  CHECK(page.dom.find("data-status=\"compared\"") != std::string::npos);
  std::string packages = page.dom.substr(page.dom.find("id=\"packages-dpkg\""));
  CHECK(packages.find("<td>tree</td>") != std::string::npos);
  CHECK(page.dom.find("/usr/bin/tree") != std::string::npos);
}
