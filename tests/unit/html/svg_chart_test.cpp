#include "html/svg_chart.h"

#include <doctest/doctest.h>

using namespace minify::html;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("treemap_svg: one rect a box, text escaped, labels only where they fit") {
  std::vector<TreemapBox> boxes = {
      {{0, 0, 300, 100}, "s-good", false, "<kept>", "/usr/lib"},
      {{300, 0, 5, 5}, "s-muted", false, "tiny", "a label that cannot fit"},
      {{0, 0, 0, 10}, "s-good", false, "empty", "never drawn"},
  };
  const std::string svg = treemap_svg(boxes, 400, 100, "a <treemap>");
  CHECK(count(svg, "<rect ") == 2);
  CHECK(svg.find("<title>&lt;kept&gt;</title>") != std::string::npos);
  CHECK(svg.find("aria-label=\"a &lt;treemap&gt;\"") != std::string::npos);
  CHECK(svg.find(">/usr/lib</text>") != std::string::npos);
  CHECK(svg.find("cannot fit") == std::string::npos);
  CHECK(svg.find("never drawn") == std::string::npos);
}

TEST_CASE("stacked_bars_svg: segments on one scale, the longest bar fills the track") {
  const std::vector<BarSeries> series = {{"added", "s-neutral"}, {"modified", "s-warn"}};
  const std::vector<StackedBar> bars = {{"layer 1", {60, 40}, 10, "100 B", ""},
                                        {"layer 2", {50, 0}, 0, "50 B", "second"}};
  const std::string svg = stacked_bars_svg(series, bars, "wasted", "layers");
  // Track 590 units (1000 - 300 - 110) for the longest bar, 100: 60 -> 354, 40 -> 236.
  CHECK(svg.find("class=\"s-neutral\" x=\"300.0\" y=\"2.0\" width=\"354.0\"") != std::string::npos);
  CHECK(svg.find("class=\"s-warn\" x=\"654.0\" y=\"2.0\" width=\"236.0\"") != std::string::npos);
  CHECK(svg.find("class=\"s-overlay\" x=\"831.0\" y=\"2.0\" width=\"59.0\"") != std::string::npos);
  CHECK(svg.find("class=\"s-neutral\" x=\"300.0\" y=\"26.0\" width=\"295.0\"") !=
        std::string::npos);
  CHECK(count(svg, "<rect ") == 4);  // a zero segment draws nothing
  CHECK(svg.find("<title>second</title>") != std::string::npos);
  CHECK(svg.find("wasted</span>") != std::string::npos);  // the legend
}

TEST_CASE("shorten: by characters, never inside a UTF-8 sequence") {
  CHECK(shorten("abcdef", 10) == "abcdef");
  CHECK(shorten("abcdef", 3) == "abc...");
  CHECK(shorten("ééé", 2) == "éé...");
}
