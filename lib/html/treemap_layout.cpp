#include "html/treemap_layout.h"

#include <algorithm>

namespace minify::html {
namespace {

// The worst aspect ratio of a row of areas `sum` in total, its largest `largest` and smallest
// `smallest`, laid along a side of length `side`.
double worst_ratio(double sum, double largest, double smallest, double side) {
  const double side2 = side * side;
  const double sum2 = sum * sum;
  return std::max(side2 * largest / sum2, sum2 / (side2 * smallest));
}

}  // namespace

std::vector<Rect> squarify(const std::vector<double>& weights, Rect area) {
  std::vector<Rect> out(weights.size(), Rect{area.x, area.y, 0, 0});
  double total = 0;
  for (double w : weights)
    if (w > 0) total += w;
  if (total <= 0 || area.width <= 0 || area.height <= 0) return out;

  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });
  const double scale = area.width * area.height / total;

  Rect free = area;
  std::size_t start = 0;
  while (start < order.size()) {
    const double side = std::min(free.width, free.height);
    double sum = weights[order[start]] * scale;
    double largest = sum;
    double smallest = sum;
    double worst = worst_ratio(sum, largest, smallest, side);
    std::size_t end = start + 1;
    for (; end < order.size(); ++end) {
      const double a = weights[order[end]] * scale;
      const double next = worst_ratio(sum + a, std::max(largest, a), std::min(smallest, a), side);
      if (next > worst) break;
      sum += a;
      largest = std::max(largest, a);
      smallest = std::min(smallest, a);
      worst = next;
    }
    // The last row takes what is left, so that rounding never leaves a sliver uncovered.
    const bool last = end == order.size();
    if (free.width >= free.height) {
      // A column at the left, as wide as the row's area needs over the free height.
      const double column = last ? free.width : std::min(free.width, sum / free.height);
      double y = free.y;
      for (std::size_t k = start; k < end; ++k) {
        const double h =
            k + 1 == end ? free.y + free.height - y : weights[order[k]] * scale / sum * free.height;
        out[order[k]] = {free.x, y, column, h};
        y += h;
      }
      free.x += column;
      free.width -= column;
    } else {
      const double row = last ? free.height : std::min(free.height, sum / free.width);
      double x = free.x;
      for (std::size_t k = start; k < end; ++k) {
        const double w =
            k + 1 == end ? free.x + free.width - x : weights[order[k]] * scale / sum * free.width;
        out[order[k]] = {x, free.y, w, row};
        x += w;
      }
      free.y += row;
      free.height -= row;
    }
    start = end;
  }
  return out;
}

namespace {

void place(const TreemapNode& node, Rect rect, int depth, const TreemapInsets& insets,
           std::vector<PlacedNode>& out) {
  out.push_back({node.id, depth, false, rect});
  if (node.children.empty()) return;
  Rect inner = rect;
  const double pad = insets.padding;
  const double header = depth >= 1 && depth <= insets.header_depth ? insets.header : 0;
  if (rect.width > 4 * pad && rect.height > 4 * pad + 2 * header) {
    inner = {rect.x + pad, rect.y + pad + header, rect.width - 2 * pad,
             rect.height - 2 * pad - header};
  }
  std::vector<double> weights;
  double children = 0;
  for (const auto& child : node.children) {
    weights.push_back(std::max(child.weight, 0.0));
    children += weights.back();
  }
  const double own = node.weight - children;
  weights.push_back(own > 0 ? own : 0);
  const std::vector<Rect> rects = squarify(weights, inner);
  for (std::size_t i = 0; i < node.children.size(); ++i)
    if (node.children[i].weight > 0) place(node.children[i], rects[i], depth + 1, insets, out);
  if (own > 0) out.push_back({node.id, depth + 1, true, rects.back()});
}

}  // namespace

std::vector<PlacedNode> layout_treemap(const TreemapNode& root, Rect area, TreemapInsets insets) {
  std::vector<PlacedNode> out;
  if (root.weight > 0) place(root, area, 0, insets, out);
  return out;
}

}  // namespace minify::html
