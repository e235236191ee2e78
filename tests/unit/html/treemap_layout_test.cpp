#include "html/treemap_layout.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

using namespace minify::html;

namespace {

double area(const Rect& r) {
  return r.width * r.height;
}

bool inside(const Rect& inner, const Rect& outer) {
  constexpr double e = 1e-6;
  return inner.x >= outer.x - e && inner.y >= outer.y - e &&
         inner.x + inner.width <= outer.x + outer.width + e &&
         inner.y + inner.height <= outer.y + outer.height + e;
}

bool overlap(const Rect& a, const Rect& b) {
  constexpr double e = 1e-6;
  return a.x + e < b.x + b.width && b.x + e < a.x + a.width && a.y + e < b.y + b.height &&
         b.y + e < a.y + a.height;
}

}  // namespace

TEST_CASE("squarify: areas in proportion to the weights, inside the area, never overlapping") {
  const std::vector<double> weights = {6, 6, 4, 3, 2, 2, 1};
  const Rect bounds{10, 20, 600, 400};
  const std::vector<Rect> rects = squarify(weights, bounds);
  REQUIRE(rects.size() == weights.size());
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double covered = 0;
  for (std::size_t i = 0; i < rects.size(); ++i) {
    CHECK(area(rects[i]) == doctest::Approx(weights[i] / total * area(bounds)).epsilon(1e-6));
    CHECK(inside(rects[i], bounds));
    for (std::size_t j = i + 1; j < rects.size(); ++j) CHECK_FALSE(overlap(rects[i], rects[j]));
    covered += area(rects[i]);
  }
  CHECK(covered == doctest::Approx(area(bounds)));
}

TEST_CASE("squarify: the rectangles are near squares, not slices") {
  // Bruls et al.'s example: 6, 6, 4, 3, 2, 2, 1 in 6 x 4. Slicing would give ratios up to 24;
  // squarified, none is worse than 3.
  const std::vector<Rect> rects = squarify({6, 6, 4, 3, 2, 2, 1}, {0, 0, 6, 4});
  for (const Rect& r : rects) {
    const double ratio = std::max(r.width / r.height, r.height / r.width);
    CHECK(ratio <= 3.0 + 1e-9);
  }
  const std::vector<Rect> four = squarify({1, 1, 1, 1}, {0, 0, 100, 100});
  for (const Rect& r : four) {
    CHECK(r.width == doctest::Approx(50));
    CHECK(r.height == doctest::Approx(50));
  }
}

TEST_CASE("squarify: zero weights get empty rectangles, the order of the input is kept") {
  const std::vector<Rect> rects = squarify({0, 3, 1, -2}, {0, 0, 40, 10});
  CHECK(area(rects[0]) == 0);
  CHECK(area(rects[3]) == 0);
  CHECK(area(rects[1]) == doctest::Approx(300));
  CHECK(area(rects[2]) == doctest::Approx(100));
  for (const Rect& r : squarify({0, 0}, {0, 0, 10, 10})) CHECK(area(r) == 0);
}

TEST_CASE("layout_treemap: children inside their parent, a node's own weight beside them") {
  TreemapNode root{0, 100, {{1, 60, {{3, 30, {}}, {4, 20, {}}}}, {2, 30, {}}}};
  const std::vector<PlacedNode> placed = layout_treemap(root, {0, 0, 200, 100}, {2, 10, 1});
  auto find = [&](std::size_t id, bool own) {
    return *std::find_if(placed.begin(), placed.end(),
                         [&](const PlacedNode& p) { return p.id == id && p.own == own; });
  };
  CHECK(placed.front().id == 0);
  CHECK(placed.front().depth == 0);
  const PlacedNode usr = find(1, false);
  CHECK(usr.depth == 1);
  CHECK(inside(find(3, false).rect, usr.rect));
  CHECK(inside(find(4, false).rect, usr.rect));
  CHECK(find(3, false).depth == 2);
  // Node 1 holds 10 of its own (60 - 30 - 20) and the root 10 (100 - 60 - 30).
  const PlacedNode usr_own = find(1, true);
  CHECK(inside(usr_own.rect, usr.rect));
  CHECK(area(usr_own.rect) == doctest::Approx(area(find(3, false).rect) / 3).epsilon(1e-6));
  CHECK(find(0, true).depth == 1);
  CHECK_FALSE(overlap(find(3, false).rect, find(4, false).rect));
  // Node 1 (depth 1) leaves a 10-unit strip at its top for its label, inside the padding.
  const double top = std::min(find(3, false).rect.y, find(4, false).rect.y);
  CHECK(top == doctest::Approx(usr.rect.y + 2 + 10));
  // The root (depth 0) has no strip.
  CHECK(std::min(usr.rect.y, find(2, false).rect.y) == doctest::Approx(2));
}
