#include "pack/image_config.h"

#include <doctest/doctest.h>

using namespace minify::pack;
using nlohmann::json;

TEST_CASE("the slim config copies how to run the original and names its source") {
  json inspect = json::parse(R"({
    "Id": "sha256:aaa", "Architecture": "amd64", "Os": "linux", "Created": "2026-11-23T10:00:00Z",
    "Config": {
      "Entrypoint": ["python3"], "Cmd": ["/app/server.py"], "Env": ["PATH=/usr/bin", "A=1"],
      "WorkingDir": "/app", "User": "1000:1000", "ExposedPorts": {"8080/tcp": {}},
      "Volumes": {"/data": {}}, "Labels": {"team": "x"}, "StopSignal": "SIGQUIT",
      "Healthcheck": {"Test": ["CMD", "true"]}, "Hostname": "abc", "Image": "sha256:zzz",
      "OnBuild": null
    },
    "RootFS": {"Type": "layers", "Layers": ["sha256:1", "sha256:2"]}
  })");
  json config = slim_image_config(inspect, "sha256:layer", {"app:1", "sha256:aaa", ""});
  const json& c = config["config"];
  CHECK(c["Entrypoint"] == json::array({"python3"}));
  CHECK(c["Cmd"] == json::array({"/app/server.py"}));
  CHECK(c["Env"].size() == 2);
  CHECK(c["WorkingDir"] == "/app");
  CHECK(c["User"] == "1000:1000");
  CHECK(c["ExposedPorts"].contains("8080/tcp"));
  CHECK(c["Volumes"].contains("/data"));
  CHECK(c["StopSignal"] == "SIGQUIT");
  CHECK(c["Healthcheck"]["Test"][1] == "true");
  CHECK(c["Labels"]["team"] == "x");
  CHECK(c["Labels"][kSourceImageLabel] == "app:1");
  CHECK(c["Labels"][kSourceDigestLabel] == "sha256:aaa");
  CHECK_FALSE(c.contains("Hostname"));
  CHECK_FALSE(c.contains("Image"));
  CHECK(config["rootfs"]["diff_ids"] == json::array({"sha256:layer"}));
  CHECK(config["architecture"] == "amd64");
  CHECK(config["created"] == "2026-11-23T10:00:00Z");
  // Deterministic: the same original gives the same bytes.
  CHECK(config.dump() ==
        slim_image_config(inspect, "sha256:layer", {"app:1", "sha256:aaa", ""}).dump());
}

TEST_CASE("a repo digest, when the original has one, is the digest label") {
  json inspect = {{"Config", {{"Labels", nullptr}}}};
  json config = slim_image_config(inspect, "sha256:l", {"app", "sha256:id", "app@sha256:dd"});
  CHECK(config["config"]["Labels"][kSourceDigestLabel] == "app@sha256:dd");
}
