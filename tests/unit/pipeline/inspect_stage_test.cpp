#include "pipeline/inspect_stage.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "errors/usage_error.h"
#include "support/fake_engine.h"

using namespace minify;
using namespace minify::pipeline;

namespace {

SourceFacts source_with(nlohmann::json config, nlohmann::json repo_tags = {"app:1"}) {
  testing::FakeEngine engine;
  engine.images["app:1"] = {{"Id", "sha256:original"}, {"RepoTags", repo_tags}, {"Config", config}};
  return inspect_source(engine, "app:1");
}

const nlohmann::json kServer = {
    {"Cmd", {"serve"}}, {"User", "app"}, {"ExposedPorts", {{"8080/tcp", {}}, {"443/tcp", {}}}}};
const nlohmann::json kJob = {{"Entrypoint", {"/job"}}, {"Cmd", {"--once"}}};

}  // namespace

TEST_CASE("the source facts: ENTRYPOINT + CMD, USER, PATH, exposed TCP ports") {
  SourceFacts job = source_with(
      {{"Entrypoint", {"/job"}}, {"Cmd", {"--once"}}, {"Env", {"PATH=/opt/bin", "A=1"}}});
  CHECK(job.id == "sha256:original");
  CHECK(job.argv == std::vector<std::string>{"/job", "--once"});
  CHECK(job.path_env == "/opt/bin");
  CHECK(job.tcp_ports.empty());
  SourceFacts server = source_with(kServer);
  CHECK(server.user == "app");
  CHECK(server.tcp_ports == std::vector<int>{443, 8080});
  CHECK_THROWS_WITH_AS(source_with({{"Env", {"A=1"}}}),
                       "image 'app:1' has no ENTRYPOINT or CMD: nothing to run",
                       std::runtime_error);
}

TEST_CASE("HTTP is probed on the ports the app listens on, or on --probe-port, exposed or not") {
  AnalysisOptions options;
  ProbePlan plan = plan_probes(options, source_with(kServer));
  CHECK(plan.http);
  CHECK(!plan.http_port);  // learnt from the sensor while the app runs, not the first exposed
  CHECK(plan.crawl);
  CHECK(plan.exec_user == "app");

  options.probe_port = 8080;
  CHECK(plan_probes(options, source_with(kServer)).http_port == 8080);
  options.probe_port = 9999;  // not exposed: reached at the container's address
  CHECK(plan_probes(options, source_with(kServer)).http_port == 9999);
  CHECK(plan_probes(options, source_with(kJob)).http);
}

TEST_CASE("the plan reaches published ports where the engine is, and its bridge only locally") {
  AnalysisOptions options;
  ProbePlan local = plan_probes(options, source_with(kServer));
  CHECK(local.published_host == "127.0.0.1");
  CHECK(local.container_addresses_reachable);
  options.published_host = "10.0.0.7";  // a remote engine (cmd/minify sets both from the endpoint)
  options.container_addresses_reachable = false;
  ProbePlan remote = plan_probes(options, source_with(kServer));
  CHECK(remote.published_host == "10.0.0.7");
  CHECK_FALSE(remote.container_addresses_reachable);
}

TEST_CASE("--http-probe=false probes HTTP only for the user's requests") {
  AnalysisOptions options;
  options.http_probe = false;
  ProbePlan plan = plan_probes(options, source_with(kServer));
  CHECK(!plan.http);
  CHECK(plan.empty());
  options.requests.push_back(probe::parse_http_request("GET /quote"));
  plan = plan_probes(options, source_with(kServer));
  CHECK(plan.http);
  CHECK(!plan.crawl);
  CHECK(plan.requests.size() == 1);
}

TEST_CASE("a --probe with no exposed port is an error") {
  AnalysisOptions options;
  options.requests.push_back(probe::parse_http_request("GET /"));
  CHECK_THROWS_WITH_AS(plan_probes(options, source_with(kJob)),
                       "--probe needs an exposed TCP port, and the image exposes none",
                       minify::UsageError);
}

TEST_CASE("exec and host commands are planned as given, without HTTP when nothing is exposed") {
  AnalysisOptions options;
  options.exec_commands = {"ls /data"};
  options.host_commands = {"curl localhost"};
  options.timeout = std::chrono::seconds(7);
  ProbePlan plan = plan_probes(options, source_with(kJob));
  CHECK(!plan.http);
  CHECK(plan.exec_commands == std::vector<std::string>{"ls /data"});
  CHECK(plan.host_commands == std::vector<std::string>{"curl localhost"});
  CHECK(plan.ready_timeout == std::chrono::seconds(7));
  CHECK(!plan.empty());
}

TEST_CASE("--continue-after auto is probe when anything is probed, else exit") {
  AnalysisOptions options;
  ProbePlan nothing = plan_probes(options, source_with(kJob));
  CHECK(resolved_continue_after(options, nothing) == ContinueAfter::Kind::kExit);
  CHECK(resolved_continue_after(options, plan_probes(options, source_with(kServer))) ==
        ContinueAfter::Kind::kProbe);
  options.exec_commands = {"true"};
  CHECK(resolved_continue_after(options, plan_probes(options, source_with(kJob))) ==
        ContinueAfter::Kind::kProbe);
  options.continue_after = parse_continue_after("timeout:5");
  CHECK(resolved_continue_after(options, nothing) == ContinueAfter::Kind::kTimeout);
  options.continue_after = parse_continue_after("exit");
  CHECK(resolved_continue_after(options, plan_probes(options, source_with(kServer))) ==
        ContinueAfter::Kind::kExit);
}

TEST_CASE("the slim tag is NAME.slim:TAG or --tag, never one of the original's tags") {
  SourceFacts source = source_with(kJob, {"app:1", "app:latest"});
  CHECK(slim_target("app:1", std::nullopt, source) == "app.slim:1");
  CHECK(slim_target("app:1", "mine", source) == "mine:latest");
  CHECK_THROWS_WITH_AS(slim_target("app:1", "app", source),
                       "the slim image's tag 'app:latest' names the original image; choose "
                       "another with --tag",
                       minify::UsageError);
}

TEST_CASE("the tag guard compares the engine's names, not strings") {
  SourceFacts source = source_with(kJob, {"app:1", "team/tool:latest"});
  for (const char* same : {"docker.io/library/app:1", "index.docker.io/library/app:1",
                           "docker.io/app:1", "index.docker.io/app:1"})
    CHECK_THROWS_WITH_AS(slim_target("app:1", std::string(same), source),
                         ("the slim image's tag '" + std::string(same) +
                          "' names the original image (the same name as 'app:1'); choose "
                          "another with --tag")
                             .c_str(),
                         minify::UsageError);
  CHECK_THROWS_AS(slim_target("app:1", std::string("docker.io/team/tool"), source),
                  minify::UsageError);
  CHECK_THROWS_AS(slim_target("app:1", std::string("team/tool"), source), minify::UsageError);
  // Other names pass: another tag, another registry, another path.
  CHECK(slim_target("app:1", std::string("docker.io/library/app:2"), source) ==
        "docker.io/library/app:2");
  CHECK(slim_target("app:1", std::string("reg.example/app:1"), source) == "reg.example/app:1");
  CHECK(slim_target("app:1", std::string("tool"), source) == "tool:latest");
}

TEST_CASE("the source named without a tag is its :latest") {
  SourceFacts source = source_with(kJob, {"app:latest"});
  CHECK_THROWS_AS(slim_target("app", std::string("app"), source), minify::UsageError);
  CHECK_THROWS_AS(slim_target("app", std::string("docker.io/library/app:latest"), source),
                  minify::UsageError);
}

TEST_CASE("a --tag the engine would refuse is a usage error") {
  SourceFacts source = source_with(kJob, {"app:1"});
  CHECK_THROWS_WITH_AS(slim_target("app:1", std::string("Mine:1"), source),
                       "--tag: invalid image reference 'Mine:1': the repository name must be "
                       "lowercase",
                       minify::UsageError);
  CHECK_THROWS_AS(slim_target("app:1", "mine@sha256:" + std::string(64, 'a'), source),
                  minify::UsageError);
}
