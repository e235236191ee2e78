#pragma once
// A squarified treemap (Bruls, Huizing, van Wijk, 2000): rectangles whose areas are in
// proportion to weights, each as near a square as the greedy row-by-row layout makes it. Pure
// geometry, no drawing (svg_chart.h draws), so that every report (build, xray, diff) lays out
// its own data with it.

#include <cstddef>
#include <vector>

namespace minify::html {

struct Rect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// One rectangle per weight, in the order of `weights`, tiling `area` in proportion to them
// (a weight that is zero or negative, or all weights being zero, gives an empty rectangle at the
// area's corner). Larger weights are placed first, from the area's top left.
std::vector<Rect> squarify(const std::vector<double>& weights, Rect area);

// A tree to lay out: `id` is the caller's (an index into its own data). A node's `weight` is at
// least the sum of its children's; what exceeds it is the node's own (a directory's files that
// are in no subdirectory) and gets a rectangle of its own beside the children's.
struct TreemapNode {
  std::size_t id = 0;
  double weight = 0;
  std::vector<TreemapNode> children;
};

struct PlacedNode {
  std::size_t id = 0;
  int depth = 0;     // the root is 0
  bool own = false;  // the rectangle of the node's own weight, not of the node as a whole
  Rect rect;
};

// How nesting shows: each node's children are laid out inside its rectangle inset by `padding`,
// and for nodes of depth 1 to `header_depth` that have children, by `header` more at the top (a
// strip for the node's label). No inset where the rectangle is too small for it.
struct TreemapInsets {
  double padding = 2;
  double header = 0;
  int header_depth = 0;
};

// Every node of the tree with a positive weight, parents before their children.
std::vector<PlacedNode> layout_treemap(const TreemapNode& root, Rect area, TreemapInsets insets);

}  // namespace minify::html
