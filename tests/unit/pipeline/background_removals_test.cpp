#include "pipeline/background_removals.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "support/fake_engine.h"

using namespace minify::pipeline;
using minify::testing::FakeEngine;

TEST_CASE("a container handed over is removed by the time the removals are gone, once") {
  FakeEngine engine;
  {
    BackgroundRemovals removals(engine);
    std::optional<AppContainer> first(std::in_place, engine, nlohmann::json::object(), "a",
                                      std::vector<int>{});
    AppContainer second(engine, nlohmann::json::object(), "b", {});
    removals.remove(*first);
    removals.remove(second);
    first.reset();  // no longer its to remove: no second removal
  }
  auto removed = engine.removed();
  std::sort(removed.begin(), removed.end());
  CHECK(removed == std::vector<std::string>{"a-1", "b-2"});
  CHECK(std::count(engine.calls().begin(), engine.calls().end(), "remove a-1") == 1);
  CHECK(std::count(engine.calls().begin(), engine.calls().end(), "remove b-2") == 1);
}

TEST_CASE("a container removed already is not removed again") {
  FakeEngine engine;
  {
    BackgroundRemovals removals(engine);
    AppContainer app(engine, nlohmann::json::object(), "a", {});
    app.remove();
    removals.remove(app);
  }
  CHECK(std::count(engine.calls().begin(), engine.calls().end(), "remove a-1") == 1);
}
