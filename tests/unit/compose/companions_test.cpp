// Companions against an in-memory engine: what is made, in which order, how each dependency's
// condition is waited for, and that everything made goes, on every way out.

#include "compose/companions.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "pipeline/run_owner.h"
#include "support/fake_engine.h"

using namespace minify;
using namespace minify::compose;

namespace {

const pipeline::EnvLookup kNoEnvironment = [](const std::string&) -> const char* {
  return nullptr;
};

const char* kShop = R"(
name: shop
services:
  app:
    image: shop-app
    depends_on:
      db: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
    volumes: ["data:/data"]
  migrate:
    image: shop-migrate
    depends_on: [db]
  db:
    image: postgres
    environment: {POSTGRES_PASSWORD: secret}
    volumes: ["data:/var/lib/postgresql/data"]
    healthcheck: {test: [CMD, pg_isready], interval: 1s, retries: 5}
volumes:
  data:
)";

struct World {
  testing::FakeEngine engine;
  std::ostringstream text;
  progress::ProgressReporter progress{text, progress::Style::kSilent};
  Project project = parse_compose(kShop, "/srv/shop/compose.yaml", kNoEnvironment);

  World() {
    for (const char* image : {"shop-app", "shop-migrate", "postgres"})
      engine.images[image] = {{"Id", std::string("sha256:") + image}};
    engine.roles["compose"].health = "healthy";
  }
  std::unique_ptr<Companions> start() {
    return std::make_unique<Companions>(engine, project, "app", progress, std::chrono::seconds(5),
                                        nullptr);
  }
  bool called(const std::string& line) const {
    const auto& calls = engine.calls();
    return std::find(calls.begin(), calls.end(), line) != calls.end();
  }
  void check_nothing_left() const {
    auto created = engine.created(), removed = engine.removed();
    std::sort(created.begin(), created.end());
    std::sort(removed.begin(), removed.end());
    CHECK(created == removed);
    CHECK(engine.networks.empty());
    CHECK(engine.volumes.empty());
  }
};

}  // namespace

TEST_CASE("the dependencies start in order on the project's network, then all of it goes") {
  World w;
  auto companions = w.start();
  // The network, the volume, then db (healthy), then migrate (exited 0); never the app itself.
  CHECK(w.engine.created() == std::vector<std::string>{"compose-1", "compose-2"});
  CHECK(w.engine.networks.contains("shop_default"));
  CHECK(w.engine.volumes.contains("shop_data"));
  for (const auto* labels : {&w.engine.networks["shop_default"], &w.engine.volumes["shop_data"]})
    CHECK(labels->at(pipeline::kOwnerLabel) == pipeline::RunOwner::self().label());
  const auto& db = w.engine.config_of("compose-1");
  CHECK(db["Image"] == "postgres");
  CHECK(db["Env"] == nlohmann::json{"POSTGRES_PASSWORD=secret"});
  CHECK(db["HostConfig"]["NetworkMode"] == "shop_default");
  CHECK(db["NetworkingConfig"]["EndpointsConfig"]["shop_default"]["Aliases"] ==
        nlohmann::json{"db"});
  CHECK(db["Healthcheck"]["Test"] == nlohmann::json{"CMD", "pg_isready"});
  CHECK(db["Healthcheck"]["Interval"] == 1'000'000'000);
  CHECK(db["Healthcheck"]["Retries"] == 5);
  CHECK(db["HostConfig"]["Mounts"][0]["Source"] == "shop_data");
  CHECK(db["Labels"]["minify"] == "compose");
  CHECK(w.engine.config_of("compose-2")["Image"] == "shop-migrate");
  CHECK(w.called("wait compose-2"));  // service_completed_successfully
  companions.reset();
  w.check_nothing_left();
  CHECK(w.called("remove_network shop_default"));
  CHECK(w.called("remove_volume shop_data"));
}

TEST_CASE("the app's run options: its own, on the project's network") {
  World w;
  auto run = service_run(w.project, w.project.service("app"));
  CHECK(run.network == "shop_default");
  CHECK(run.mounts[0].source == "shop_data");
}

TEST_CASE("a network or volume that exists is used as it is and left") {
  World w;
  w.engine.networks["shop_default"] = {};
  w.engine.volumes["shop_data"] = {{"mine", "yes"}};
  w.start().reset();
  CHECK(w.engine.networks.contains("shop_default"));
  CHECK(w.engine.volumes.contains("shop_data"));
  CHECK(!w.called("remove_network shop_default"));
}

TEST_CASE(
    "a dependency that is unhealthy, exits, or lacks its image fails in one line, "
    "and everything made goes") {
  SUBCASE("unhealthy") {
    World w;
    w.engine.roles["compose"].health = "unhealthy";
    CHECK_THROWS_WITH_AS(w.start(), doctest::Contains("service db is unhealthy"), ComposeError);
    w.check_nothing_left();
  }
  SUBCASE("no healthcheck at all") {
    World w;
    w.engine.roles["compose"].health = "";
    CHECK_THROWS_WITH_AS(w.start(), doctest::Contains("service db has no healthcheck"),
                         ComposeError);
    w.check_nothing_left();
  }
  SUBCASE("a migration that fails") {
    World w;
    w.engine.roles["compose"].exit_code = 3;
    // db is healthy while running; migrate's wait says it exited 3.
    CHECK_THROWS_WITH_AS(w.start(), doctest::Contains("service migrate exited with status 3"),
                         ComposeError);
    w.check_nothing_left();
  }
  SUBCASE("an image that is not there") {
    World w;
    w.engine.images.erase("postgres");
    CHECK_THROWS_WITH_AS(w.start(), doctest::Contains("image 'postgres' is not on the engine"),
                         ComposeError);
    w.check_nothing_left();
  }
  SUBCASE("an external volume that is not there") {
    World w;
    w.project = parse_compose(
        "services:\n  app: {image: shop-app, volumes: ['ext:/x']}\nvolumes:\n  ext: {external: "
        "true}\n",
        "/srv/shop/compose.yaml", kNoEnvironment);
    CHECK_THROWS_WITH_AS(w.start(), doctest::Contains("volume 'ext' is external"), ComposeError);
    w.check_nothing_left();
  }
}
