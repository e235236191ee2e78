#include "compose/compose_file.h"

#include <doctest/doctest.h>

#include <fstream>
#include <map>

#include "support/temp_dir.h"

using namespace minify;
using namespace minify::compose;
using pipeline::Mount;

namespace {

const pipeline::EnvLookup kEnvironment = [](const std::string& name) -> const char* {
  static const std::map<std::string, std::string> values = {{"FROM_MINIFY", "m"}};
  auto it = values.find(name);
  return it == values.end() ? nullptr : it->second.c_str();
};

Project parse(const std::string& text,
              const std::filesystem::path& file = "/srv/shop/compose.yaml") {
  return parse_compose(text, file, kEnvironment);
}

std::string error_of(const std::string& text,
                     const std::filesystem::path& file = "/srv/shop/compose.yaml") {
  try {
    parse(text, file);
  } catch (const ComposeError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an app and its database: every key minify reads") {
  Project p = parse(R"(
services:
  app:
    image: shop-app:1
    environment:
      DB_HOST: db
      PORT: 8080
      FROM_MINIFY:
      NOT_SET:
    volumes:
      - ./conf:/etc/shop:ro
      - cache:/var/cache/shop
      - type: bind
        source: /srv/static
        target: /static
        read_only: true
      - /tmp/anonymous
    ports: ["127.0.0.1:18080:8080", "9090", "53:53/udp"]
    expose: [7000]
    depends_on:
      db:
        condition: service_healthy
    command: serve --port 8080
    entrypoint: ["/entry.sh"]
    user: "1000:1000"
    working_dir: /srv
    cap_add: [net_admin]
    extra_hosts: ["mirror:10.0.0.9"]
  db:
    image: postgres:15
    environment: ["POSTGRES_PASSWORD=secret", "FROM_MINIFY"]
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 1s
      timeout: 1m30s
      retries: 30
      start_period: 500ms
volumes:
  cache:
)");
  CHECK(p.name == "shop");
  REQUIRE(p.services.size() == 2);
  const Service& app = p.service("app");
  CHECK(app.image == "shop-app:1");
  CHECK(app.run.env == std::vector<std::string>{"DB_HOST=db", "PORT=8080", "FROM_MINIFY=m"});
  CHECK(app.run.mounts ==
        std::vector<Mount>{{Mount::Type::kBind, "/srv/shop/conf", "/etc/shop", true},
                           {Mount::Type::kVolume, "shop_cache", "/var/cache/shop", false},
                           {Mount::Type::kBind, "/srv/static", "/static", true},
                           {Mount::Type::kVolume, "", "/tmp/anonymous", false}});
  CHECK(app.run.expose == std::vector<int>{8080, 9090, 7000});
  REQUIRE(app.depends_on.size() == 1);
  CHECK(app.depends_on[0].service == "db");
  CHECK(app.depends_on[0].condition == Condition::kHealthy);
  CHECK(app.run.cmd == std::vector<std::string>{"serve", "--port", "8080"});
  CHECK(app.run.entrypoint == std::vector<std::string>{"/entry.sh"});
  CHECK(app.run.user == "1000:1000");
  CHECK(app.run.working_dir == "/srv");
  CHECK(app.run.cap_add == std::vector<std::string>{"NET_ADMIN"});
  CHECK(app.run.extra_hosts == std::vector<std::string>{"mirror:10.0.0.9"});
  CHECK(app.networks == std::vector<std::string>{"default"});
  const Service& db = p.service("db");
  CHECK(db.run.env == std::vector<std::string>{"POSTGRES_PASSWORD=secret", "FROM_MINIFY=m"});
  REQUIRE(db.healthcheck);
  CHECK(db.healthcheck->test == std::vector<std::string>{"CMD", "pg_isready"});
  CHECK(db.healthcheck->interval_ns == 1'000'000'000);
  CHECK(db.healthcheck->timeout_ns == 90'000'000'000);
  CHECK(db.healthcheck->start_period_ns == 500'000'000);
  CHECK(db.healthcheck->retries == 30);
  REQUIRE(p.networks.size() == 1);
  CHECK(p.networks[0].name == "shop_default");
  CHECK(p.volumes[0].name == "shop_cache");
  CHECK(!p.volumes[0].external);
}

TEST_CASE("names: the project's, networks and volumes declared, external ones") {
  Project p = parse(R"(
name: My_Shop
services:
  app:
    image: a
    networks: [back]
    volumes: ["data:/data", "old:/old"]
    depends_on: [db]
    healthcheck:
      test: curl -f http://localhost/
  db:
    image: b
    networks:
      back:
        aliases: [database]
networks:
  back:
    name: shared-back
volumes:
  data:
    external: true
  old:
    external:
      name: legacy-data
)");
  CHECK(p.name == "my_shop");
  CHECK(p.network("back").name == "shared-back");
  CHECK(p.networks.size() == 1);  // no service is on "default"
  CHECK(p.volumes[0].external);
  CHECK(p.volumes[0].name == "data");
  CHECK(p.volumes[1].name == "legacy-data");
  CHECK(p.service("app").run.mounts[1].source == "legacy-data");
  CHECK(p.service("app").depends_on[0].condition == Condition::kStarted);
  CHECK(p.service("app").healthcheck->test ==
        std::vector<std::string>{"CMD-SHELL", "curl -f http://localhost/"});
}

TEST_CASE("env_file: relative to the compose file, read as compose reads one, before environment") {
  test::TempDir dir;
  // As compose-go reads env_file (its dotenv parser), not as `docker run --env-file` does: quotes
  // removed, values interpolated from earlier files then the project's variables, a bare name
  // from the environment, a later file winning.
  std::ofstream(dir.path() / "app.env")
      << "# comment\nA=from file # note\nB=file\n"
      << "URL=\"postgres://${B}@db\"\nRAW='${B}'\nFROM_MINIFY\nNOT_SET\n";
  std::ofstream(dir.path() / "more.env") << "A=more\n";
  std::filesystem::path file = dir.path() / "compose.yaml";
  Project p = parse(R"(
services:
  app:
    image: a
    env_file: [app.env, more.env, {path: missing.env, required: false}]
    environment: {B: environment}
)",
                    file);
  CHECK(p.service("app").run.env == std::vector<std::string>{"A=more", "B=file", "FROM_MINIFY=m",
                                                             "RAW=${B}", "URL=postgres://file@db",
                                                             "B=environment"});
  std::ofstream(dir.path() / "bad.env") << "A=\"open\n";
  CHECK(error_of("services:\n  app:\n    image: a\n    env_file: bad.env\n", file)
            .find("bad.env:1: the value of A has no closing \"") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    image: a\n    env_file: none.env\n")
            .find("env_file: cannot read") != std::string::npos);
}

TEST_CASE("what minify cannot do, or the file gets wrong, is one line naming the key") {
  CHECK(error_of("services:\n  app:\n    build: .\n") ==
        "/srv/shop/compose.yaml: services.app.build: building images is out of minify's scope: "
        "build it first, then give its image:");
  CHECK(error_of("services: [\n").find("not YAML") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    command: x\n") ==
        "/srv/shop/compose.yaml: services.app: image is required");
  CHECK(error_of("services:\n  app:\n    image: a\n    volumes: [\"data:/data\"]\n") ==
        "/srv/shop/compose.yaml: services.app.volumes[0]: volume 'data' is not declared under "
        "the top-level volumes");
  CHECK(error_of("services:\n  app:\n    image: a\n    depends_on: [db]\n") ==
        "/srv/shop/compose.yaml: services.app.depends_on: no service 'db'");
  CHECK(error_of("services:\n  app:\n    image: a\n    networks: [front]\n")
            .find("network 'front' is not declared") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    image: a\n    privileged: true\n") ==
        "/srv/shop/compose.yaml: services.app.privileged: not supported by minify");
  CHECK(error_of("services:\n  app:\n    image: a\n    depends_on: {b: {condition: soon}}\n  b:\n  "
                 "  image: b\n")
            .find("expected service_started") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    image: a\n    command: \"unterminated '\"\n")
            .find("services.app.command") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    image: a\n    ports: [\"80-90:80-90\"]\n")
            .find("services.app.ports[0]") != std::string::npos);
  CHECK(error_of("services:\n  app:\n    image: a\n    healthcheck: {interval: soon}\n")
            .find("is no duration") != std::string::npos);
  CHECK(error_of("volumes: {}\n").find("services") != std::string::npos);
  CHECK_THROWS_WITH_AS(parse("services:\n  app:\n    image: a\n").service("db"),
                       "no service 'db' in the compose file (it has app)", ComposeError);
}

TEST_CASE("start order: dependencies first, each once; a cycle is refused") {
  Project p = parse(R"(
services:
  app: {image: a, depends_on: [api, cache]}
  api: {image: b, depends_on: [db, cache]}
  cache: {image: c}
  db: {image: d}
  unrelated: {image: e}
)");
  std::vector<std::string> names;
  for (const Service* s : start_order(p, "app")) names.push_back(s->name);
  CHECK(names == std::vector<std::string>{"db", "cache", "api"});
  CHECK(start_order(p, "db").empty());
  Project cycle =
      parse("services:\n  a: {image: a, depends_on: [b]}\n  b: {image: b, depends_on: [a]}\n");
  CHECK_THROWS_AS(start_order(cycle, "a"), ComposeError);
}

TEST_CASE("durations as compose reads them") {
  CHECK(duration_ns("10s", "x") == 10'000'000'000);
  CHECK(duration_ns("1m30s", "x") == 90'000'000'000);
  CHECK(duration_ns("1.5s", "x") == 1'500'000'000);
  CHECK(duration_ns("2h", "x") == 7'200'000'000'000);
  CHECK(duration_ns("250ms", "x") == 250'000'000);
  for (const char* bad : {"", "10", "s", "10 s", "10x", "-1s"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(duration_ns(bad, "x"), ComposeError);
  }
}

TEST_CASE("${VARIABLE}s in values are interpolated before the file is read; keys are not") {
  Project p = parse(R"(
x-tag: &tag "${FROM_MINIFY:-none}$$"
services:
  app:
    image: "shop-app:${TAG:-latest}"
    environment:
      ${KEY_IS_KEPT}: "$FROM_MINIFY"
      ALIASED: *tag
      PRICE: "$$5 ${EMPTY_OK-}"
      FROM_MINIFY:
    ports: ["${PORT:-8080}:80", "${PORT:-9090}"]
    expose: ["${EXPOSED:-7000}"]
    command: ["serve", "${UNSET_ONE}", "$UNSET_ONE$UNSET_TWO"]
)");
  const Service& app = p.service("app");
  CHECK(app.image == "shop-app:latest");
  CHECK(app.run.env ==
        std::vector<std::string>{"${KEY_IS_KEPT}=m", "ALIASED=m$", "PRICE=$5 ", "FROM_MINIFY=m"});
  CHECK(app.run.expose == std::vector<int>{80, 9090, 7000});  // a number after interpolation
  CHECK(app.run.cmd == std::vector<std::string>{"serve", "", ""});
  CHECK(p.warnings ==
        std::vector<std::string>{"/srv/shop/compose.yaml: services.app.command[1]: the variable "
                                 "UNSET_ONE is not set: read as an empty string",
                                 "/srv/shop/compose.yaml: services.app.command[2]: the variable "
                                 "UNSET_TWO is not set: read as an empty string"});
}

TEST_CASE("a required variable missing or a malformed ${ is one line naming the value's place") {
  CHECK(error_of("services:\n  db:\n    image: postgres\n    environment:\n      "
                 "POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n") ==
        "/srv/shop/compose.yaml: services.db.environment.POSTGRES_PASSWORD: required variable "
        "DB_PASSWORD is missing a value: set it");
  CHECK(error_of("services:\n  app:\n    image: a\n    ports: [\"${PORT:-80\"]\n") ==
        "/srv/shop/compose.yaml: services.app.ports[0]: '${PORT:-80' has no closing '}'");
  CHECK(error_of("name: ${ bad}\nservices:\n  app:\n    image: a\n") ==
        "/srv/shop/compose.yaml: name: '${ bad}': a variable name must follow '${'");
}

TEST_CASE(".env beside the compose file: for what the environment does not set") {
  test::TempDir dir;
  std::ofstream(dir.path() / ".env") << "# the project's defaults\n"
                                        "TAG=2.0\n"
                                        "FROM_MINIFY=from .env\n"
                                        "GREETING=\"hello ${TAG}\" # interpolated\n"
                                        "RAW='${TAG}'\n"
                                        "ONLY_IN_DOTENV=d\n"
                                        "WITH_UNSET=${NOT_ANYWHERE}\n";
  std::ofstream(dir.path() / "app.env") << "ONLY_IN_DOTENV\n";
  Project p = parse(R"(
services:
  app:
    image: app:${TAG:-latest}
    env_file: app.env
    environment:
      GREETING: ${GREETING}
      RAW: ${RAW}
      WHO: ${FROM_MINIFY}
      FROM_MINIFY:
)",
                    dir.path() / "compose.yaml");
  const Service& app = p.service("app");
  CHECK(app.image == "app:2.0");
  CHECK(app.run.env == std::vector<std::string>{"ONLY_IN_DOTENV=d", "GREETING=hello 2.0",
                                                "RAW=${TAG}", "WHO=m", "FROM_MINIFY=m"});
  CHECK(p.warnings == std::vector<std::string>{(dir.path() / ".env").string() +
                                               ": the variable NOT_ANYWHERE is not set: read as "
                                               "an empty string"});

  std::ofstream(dir.path() / ".env") << "A=\"open\n";
  CHECK_THROWS_WITH_AS(
      parse("services:\n  app:\n    image: a\n", dir.path() / "compose.yaml"),
      ((dir.path() / ".env").string() + ":1: the value of A has no closing \"").c_str(),
      ComposeError);
  test::TempDir not_a_file;
  std::filesystem::create_directory(not_a_file.path() / ".env");
  CHECK_THROWS_WITH_AS(
      parse("services:\n  app:\n    image: a\n", not_a_file.path() / "compose.yaml"),
      ((not_a_file.path() / ".env").string() + ": cannot be read").c_str(), ComposeError);
}

TEST_CASE("merge keys: a shared block as compose reads it, the service's own keys winning") {
  Project p = parse(R"(
x-common: &common
  image: shop-app:1
  environment: &env
    LOG: info
    REGION: eu
  user: "1000"
x-debug: &debug
  environment:
    LOG: debug
  working_dir: /debug
services:
  web:
    <<: *common
    x-team: storefront
    ports: ["80"]
  worker:
    <<: [*debug, *common]
    command: work
  admin:
    environment:
      <<: *env
      REGION: us
    image: shop-admin:1
)");
  const Service& web = p.service("web");
  CHECK(web.image == "shop-app:1");
  CHECK(web.run.user == "1000");
  CHECK(web.run.env == std::vector<std::string>{"LOG=info", "REGION=eu"});
  CHECK(web.run.expose == std::vector<int>{80});
  // The first mapping of the list wins over the next: debug's environment, common's image.
  const Service& worker = p.service("worker");
  CHECK(worker.image == "shop-app:1");
  CHECK(worker.run.env == std::vector<std::string>{"LOG=debug"});
  CHECK(worker.run.working_dir == "/debug");
  CHECK(worker.run.cmd == std::vector<std::string>{"work"});
  // A merge inside a value, the mapping's own key winning wherever it stands.
  const Service& admin = p.service("admin");
  CHECK(admin.run.env == std::vector<std::string>{"LOG=info", "REGION=us"});
}

TEST_CASE("merge keys: a merge of something that is not a mapping is one line naming it") {
  CHECK(error_of("services:\n  web:\n    <<: shop-app:1\n") ==
        "/srv/shop/compose.yaml: services.web.<<: expected a mapping, or a list of mappings, to "
        "merge");
  CHECK(error_of("x-a: &a {image: x}\nservices:\n  web:\n    <<: [*a, 3]\n") ==
        "/srv/shop/compose.yaml: services.web.<<[1]: expected a mapping to merge");
  // Quoted, it is an ordinary key, which a service does not have.
  CHECK(error_of("x-a: &a {image: x}\nservices:\n  web:\n    \"<<\": *a\n") ==
        "/srv/shop/compose.yaml: services.web.<<: not supported by minify");
}
