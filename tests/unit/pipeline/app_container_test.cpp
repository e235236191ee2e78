#include "pipeline/app_container.h"

#include <doctest/doctest.h>

#include "support/fake_engine.h"

using namespace minify;
using namespace minify::pipeline;

TEST_CASE("only exposed TCP ports are published, in order") {
  auto inspect = nlohmann::json::parse(
      R"({"Config": {"ExposedPorts": {"8080/tcp": {}, "53/udp": {}, "443/tcp": {}, "9000": {}}}})");
  CHECK(exposed_tcp_ports(inspect) == std::vector<int>{443, 8080, 9000});
  CHECK(exposed_tcp_ports(nlohmann::json::parse(R"({"Config": {"ExposedPorts": null}})")).empty());
  CHECK(exposed_tcp_ports(nlohmann::json::object()).empty());
}

TEST_CASE("ports are published on the engine's loopback, or on all its interfaces when remote") {
  testing::FakeEngine engine;
  AppContainer local(engine, {{"Image", "app"}}, "analysis", {8080});
  CHECK(engine.config_of(local.id())["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostIp"] ==
        "127.0.0.1");
  AppContainer remote(engine, {{"Image", "app"}}, "analysis", {8080}, "0.0.0.0");
  CHECK(engine.config_of(remote.id())["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostIp"] ==
        "0.0.0.0");
}
