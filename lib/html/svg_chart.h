#pragma once
// Charts as inline SVG, computed here so that the page needs no script to draw them: a treemap
// (boxes laid out by treemap_layout.h) and horizontal stacked bars with a legend. Colours are the
// page's s-* classes (page.cpp): s-good, s-bad, s-warn, s-neutral, s-muted, s-accent; s-overlay
// is a hatch. All text given here is plain text: it is escaped here.

#include <string>
#include <string_view>
#include <vector>

#include "html/treemap_layout.h"

namespace minify::html {

// One rectangle of a treemap as drawn: a filled box (css_class "s-...") or, with outline, the
// frame of a group (a directory holding the boxes inside it). `title` is the tooltip; `label` is
// drawn in its top left corner when the box is big enough to hold it: white on a box, dark on a
// frame (for the strip treemap_layout's `header` leaves there).
struct TreemapBox {
  Rect rect;
  std::string css_class;
  bool outline = false;
  std::string title;
  std::string label;
};

// An <svg class="chart"> of `width` x `height` user units (it scales to the page's width), the
// boxes in order (later ones on top); `description` is its accessible name.
std::string treemap_svg(const std::vector<TreemapBox>& boxes, double width, double height,
                        std::string_view description);

// A kind of value stacked in the bars: its legend name and its class.
struct BarSeries {
  std::string name;
  std::string css_class;
};

// One bar: a value per series (stacked left to right in the series' order; negative counts as
// 0), an optional overlay drawn hatched over the bar's right end (a part of the bar singled out,
// such as the bytes of a layer that are wasted), its label at the left, the text at its right
// end (e.g. "12.3 MB"), and its tooltip.
struct StackedBar {
  std::string label;
  std::vector<double> values;
  double overlay = 0;
  std::string value_text;
  std::string title;
};

// Horizontal bars, one a row, all on one scale (the longest bar fills the width), under a legend
// of the series (and of the overlay, when `overlay_name` is not empty).
std::string stacked_bars_svg(const std::vector<BarSeries>& series,
                             const std::vector<StackedBar>& bars, std::string_view overlay_name,
                             std::string_view description);

// The legend line alone, as HTML (stacked_bars_svg() draws its own).
std::string legend_html(const std::vector<BarSeries>& series, std::string_view overlay_name = "");

// `text` cut to at most `max_chars` characters (never inside a UTF-8 sequence), with "..." at
// the end when cut.
std::string shorten(std::string_view text, std::size_t max_chars);

}  // namespace minify::html
