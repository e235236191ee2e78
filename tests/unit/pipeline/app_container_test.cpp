#include "pipeline/app_container.h"

#include <doctest/doctest.h>

using namespace minify::pipeline;

TEST_CASE("only exposed TCP ports are published, in order") {
  auto inspect = nlohmann::json::parse(
      R"({"Config": {"ExposedPorts": {"8080/tcp": {}, "53/udp": {}, "443/tcp": {}, "9000": {}}}})");
  CHECK(exposed_tcp_ports(inspect) == std::vector<int>{443, 8080, 9000});
  CHECK(exposed_tcp_ports(nlohmann::json::parse(R"({"Config": {"ExposedPorts": null}})")).empty());
  CHECK(exposed_tcp_ports(nlohmann::json::object()).empty());
}
