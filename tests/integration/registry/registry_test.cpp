// Pull, slim, push against a real registry (Debian's docker-registry on 127.0.0.1, started by the
// test), with and without basic auth, credentials from a docker config of the test's own: the CI
// pipeline `minify build REG/app:1 --pull always --tag REG/app:1-slim --push`. Every image the
// engine gets from these tests is removed after.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "local_registry.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

namespace {

using namespace minify::test;

const std::string kFixture = fixture_image("static");  // FROM scratch, prints one line, exits
const std::string kPrints = "hello from a static binary";

// The references a test made the engine hold; removed (untagged) when it ends, however it ends.
class EngineImages {
 public:
  void add(std::string reference) { references_.insert(std::move(reference)); }
  ~EngineImages() {
    for (const auto& r : references_) run_process({"docker", "rmi", "-f", r});
  }

 private:
  std::set<std::string> references_;
};

ProcessResult minify_with(const DockerConfigDir& config, std::vector<std::string> args,
                          const std::string& path_prefix = {}) {
  std::vector<std::string> argv = {"env", config.env()};
  if (!path_prefix.empty()) argv.push_back("PATH=" + path_prefix + ":" + std::getenv("PATH"));
  argv.push_back(minify_binary());
  for (auto& a : args) argv.push_back(std::move(a));
  return run_process(argv);
}

bool engine_has(const std::string& reference) {
  return run_process({"docker", "image", "inspect", reference}).status == 0;
}

std::size_t lines_of(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// The pipeline, end to end: pulled (with progress), slimmed, verified, pushed; the pushed image
// is in the registry with the digest minify reported, and runs once pulled back.
void pull_slim_push(const LocalRegistry& registry, const DockerConfigDir& config,
                    const std::string& path_prefix = {}) {
  const std::string app = unique_name("minify-registry/app");
  registry.put(kFixture, app + ":1");
  const std::string original = registry.ref(app + ":1"), slim = registry.ref(app + ":1-slim");
  EngineImages images;
  images.add(original);
  images.add(slim);
  TempDir out;

  auto built = minify_with(config,
                           {"build", original, "--pull", "always", "--tag", slim, "--push",
                            "--report", (out / "report.json").string()},
                           path_prefix);
  INFO(built.err);
  REQUIRE(built.status == 0);
  CHECK(built.err.find("pull " + original) != std::string::npos);  // progress on stderr
  CHECK(built.err.find("push " + slim) != std::string::npos);
  CHECK(built.out.find("pushed   " + slim) != std::string::npos);
  auto report = nlohmann::json::parse(read_file(out / "report.json"));
  CHECK(report["pushed"]["registry"] == registry.host());
  const std::string digest = report["pushed"]["digest"];
  CHECK(digest.starts_with("sha256:"));

  auto inspected = registry.inspect(app + ":1-slim");
  REQUIRE(inspected);
  auto manifest = nlohmann::json::parse(*inspected);
  CHECK(manifest["Digest"] == digest);
  CHECK(manifest["Labels"]["minify.source.image"] == original);

  // Pulled back from the registry, it runs.
  run_process({"docker", "rmi", slim});
  REQUIRE(!engine_has(slim));
  std::vector<std::string> docker = {
      "env",         "PATH=" + path_prefix + ":" + std::getenv("PATH"),
      "docker",      "--config",
      config.path(), "run",
      "--rm",        slim};
  auto ran = run_process(docker);
  INFO(ran.err);
  CHECK(ran.status == 0);
  CHECK(ran.out.find(kPrints) != std::string::npos);
}

}  // namespace

TEST_CASE("pull, slim and push through a registry without auth") {
  require_fixture_image(kFixture);
  LocalRegistry registry;
  DockerConfigDir config("{}");
  pull_slim_push(registry, config);
}

TEST_CASE("pull, slim and push through a registry with basic auth, credentials from auths") {
  require_fixture_image(kFixture);
  BasicAuth alice{"alice", "s3cret:with colon"};
  LocalRegistry registry(alice);
  DockerConfigDir config(auths_config(registry.host(), alice));
  pull_slim_push(registry, config);
}

TEST_CASE("credentials from a credential helper (credsStore), run from PATH") {
  require_fixture_image(kFixture);
  BasicAuth bob{"bob", "helper-pass"};
  LocalRegistry registry(bob);
  TempDir bin;
  write_file(bin / "docker-credential-minifytest",
             "#!/bin/sh\nread server\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"bob\","
             "\"Secret\":\"helper-pass\"}' \"$server\"\n");
  std::filesystem::permissions(bin / "docker-credential-minifytest",
                               std::filesystem::perms::owner_all);
  DockerConfigDir config(R"({"credsStore": "minifytest"})");
  pull_slim_push(registry, config, bin.path().string());
}

TEST_CASE("a registry's refusal is one line naming the registry; the exit is 1; nothing pulled") {
  require_fixture_image(kFixture);
  BasicAuth alice{"alice", "right"};
  LocalRegistry registry(alice);
  const std::string app = unique_name("minify-registry/denied");
  registry.put(kFixture, app + ":1");
  const std::string original = registry.ref(app + ":1");
  EngineImages images;
  images.add(original);

  SUBCASE("wrong password") {
    DockerConfigDir config(auths_config(registry.host(), {"alice", "wrong"}));
    auto built = minify_with(config, {"build", original, "--pull", "always"});
    INFO(built.err);
    CHECK(built.status == 1);
    CHECK(built.out.empty());
    std::string err = built.err.substr(built.err.rfind("minify: "));
    CHECK(lines_of(err) == 1);
    CHECK(err.starts_with("minify: pull '" + original + "' (registry " + registry.host() +
                          ", credentials from auths[\"" + registry.host() + "\"]"));
    CHECK(err.find("unauthorized") != std::string::npos);
  }
  SUBCASE("no credentials") {
    DockerConfigDir config("{}");
    auto built = minify_with(config, {"build", original});
    CHECK(built.status == 1);
    CHECK(built.err.find("(registry " + registry.host() + ", no credentials): ") !=
          std::string::npos);
  }
  SUBCASE("no such tag") {
    DockerConfigDir config(auths_config(registry.host(), alice));
    auto built = minify_with(config, {"build", registry.ref(app + ":2")});
    CHECK(built.status == 1);
    CHECK(built.err.find("(registry " + registry.host()) != std::string::npos);
    CHECK(built.err.find("not found") != std::string::npos);
  }
  SUBCASE("--pull never: the engine's own not found, the registry never asked") {
    DockerConfigDir config(auths_config(registry.host(), alice));
    auto built = minify_with(config, {"build", original, "--pull", "never"});
    CHECK(built.status == 1);
    CHECK(built.err.find("image '" + original + "' not found") != std::string::npos);
    CHECK(built.err.find("(registry ") == std::string::npos);
  }
  CHECK(!engine_has(original));
}

TEST_CASE("an unreachable registry is one line naming it") {
  DockerConfigDir config("{}");
  std::string host;
  {
    LocalRegistry gone;  // a port that was free a moment ago, nothing listening on it now
    host = gone.host();
  }
  const std::string ref = host + "/minify-registry/app:1";
  auto built = minify_with(config, {"build", ref});
  CHECK(built.status == 1);
  CHECK(lines_of(built.err.substr(built.err.rfind("minify: "))) == 1);
  CHECK(built.err.find("minify: image '" + ref + "' not found in the engine; pull '" + ref +
                       "' (registry " + host + ", no credentials): ") != std::string::npos);
  CHECK(built.err.find("connection refused") != std::string::npos);
}

TEST_CASE("xray --pull always reads an image pulled from the registry") {
  require_fixture_image(kFixture);
  LocalRegistry registry;
  const std::string app = unique_name("minify-registry/xray");
  registry.put(kFixture, app + ":1");
  EngineImages images;
  images.add(registry.ref(app + ":1"));
  DockerConfigDir config("{}");
  auto xray = minify_with(config, {"xray", registry.ref(app + ":1"), "--pull", "always", "--json"});
  INFO(xray.err);
  CHECK(xray.status == 0);
  CHECK(nlohmann::json::parse(xray.out)["image"]["reference"] == registry.ref(app + ":1"));
}

TEST_CASE("--push needs a tag naming a registry, and an image that is loaded") {
  DockerConfigDir config("{}");
  TempDir out;
  auto no_registry = minify_with(config, {"build", kFixture, "--push", "--tag", "app:slim"});
  CHECK(no_registry.status == 2);
  CHECK(no_registry.err.find("names no registry") != std::string::npos);
  auto to_file = minify_with(config, {"build", kFixture, "--push", "--output",
                                      "docker-archive:" + (out / "x.tar").string()});
  CHECK(to_file.status == 2);
  CHECK(to_file.err.find("--push") != std::string::npos);
}
