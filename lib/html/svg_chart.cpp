#include "html/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "html/html_escape.h"

namespace minify::html {
namespace {

// Coordinates with one decimal: enough for a chart, and a treemap of thousands of boxes stays
// small.
std::string n(double v) {
  return fmt::format("{:.1f}", v);
}

constexpr double kBarWidth = 1000;
constexpr double kLabelWidth = 300;
constexpr double kValueWidth = 110;
constexpr double kRowHeight = 24;
constexpr double kBarHeight = 16;

}  // namespace

std::string shorten(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;  // a continuation
    if (chars == max_chars) return std::string(text.substr(0, at)) + "...";
    ++chars;
  }
  return std::string(text);
}

std::string treemap_svg(const std::vector<TreemapBox>& boxes, double width, double height,
                        std::string_view description) {
  std::string out;
  out.reserve(boxes.size() * 160 + 256);
  out += fmt::format(
      "<svg class=\"chart treemap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      n(width), n(height), escape(description));
  std::string labels;
  for (const TreemapBox& box : boxes) {
    if (box.rect.width <= 0 || box.rect.height <= 0) continue;
    out += fmt::format("<rect class=\"{} {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">",
                       box.outline ? "outline" : "box", escape(box.css_class), n(box.rect.x),
                       n(box.rect.y), n(box.rect.width), n(box.rect.height));
    if (!box.title.empty()) out += "<title>" + escape(box.title) + "</title>";
    out += "</rect>\n";
    // About 6.5 units a character at 11px: a label is drawn only where it fits.
    const auto fits = static_cast<std::size_t>((box.rect.width - 6) / 6.5);
    if (!box.label.empty() && box.rect.height >= 16 && fits >= 4) {
      labels += fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\">{}</text>\n",
                            box.outline ? "grouplabel" : "boxlabel", n(box.rect.x + 3),
                            n(box.rect.y + 12), escape(shorten(box.label, fits)));
    }
  }
  // Labels last, so that no box is drawn over one.
  out += labels;
  out += "</svg>\n";
  return out;
}

std::string legend_html(const std::vector<BarSeries>& series, std::string_view overlay_name) {
  std::string out = "<div class=\"legend\">";
  for (const auto& s : series)
    out += "<span><i class=\"" + escape(s.css_class) + "\"></i>" + escape(s.name) + "</span>";
  if (!overlay_name.empty())
    out += "<span><i class=\"s-overlay\"></i>" + escape(overlay_name) + "</span>";
  return out + "</div>\n";
}

std::string stacked_bars_svg(const std::vector<BarSeries>& series,
                             const std::vector<StackedBar>& bars, std::string_view overlay_name,
                             std::string_view description) {
  double longest = 0;
  for (const auto& bar : bars) {
    double total = 0;
    for (double v : bar.values) total += std::max(v, 0.0);
    longest = std::max({longest, total, bar.overlay});
  }
  const double track = kBarWidth - kLabelWidth - kValueWidth;
  const double scale = longest > 0 ? track / longest : 0;
  const double height = kRowHeight * static_cast<double>(bars.size()) + 4;

  std::string out = legend_html(series, overlay_name);
  out += fmt::format(
      "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      n(kBarWidth), n(height), escape(description));
  for (std::size_t row = 0; row < bars.size(); ++row) {
    const StackedBar& bar = bars[row];
    const double y = kRowHeight * static_cast<double>(row) + 2;
    out += "<g>";
    if (!bar.title.empty()) out += "<title>" + escape(bar.title) + "</title>";
    out +=
        fmt::format("<text x=\"0\" y=\"{}\">{}</text>", n(y + 13), escape(shorten(bar.label, 38)));
    double x = kLabelWidth;
    for (std::size_t i = 0; i < bar.values.size() && i < series.size(); ++i) {
      const double w = std::max(bar.values[i], 0.0) * scale;
      if (w <= 0) continue;
      // A value too small to see still shows as a hairline.
      out +=
          fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                      escape(series[i].css_class), n(x), n(y), n(std::max(w, 0.5)), n(kBarHeight));
      x += w;
    }
    if (bar.overlay > 0) {
      const double w = std::max(bar.overlay * scale, 0.5);
      out += fmt::format("<rect class=\"s-overlay\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                         n(std::max(x - w, kLabelWidth)), n(y), n(w), n(kBarHeight));
    }
    out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text>",
                       n(std::max(x, kLabelWidth + bar.overlay * scale) + 6), n(y + 13),
                       escape(bar.value_text));
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace minify::html
