#include "pack/image_config.h"

#include <doctest/doctest.h>
#include <time.h>

#include <cstdlib>

#include "pack/sha256.h"

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
}

TEST_CASE("Deterministic: the same original gives the same bytes in any process, time or place") {
  // The image id is the digest of these bytes, so it must not depend on this process (hash
  // seeds, allocation order), the clock or the environment. The digest below was computed once,
  // in another process, on another day; the environment is changed here in ways that must not
  // matter. (A change to the config's contents changes it, on purpose: update it then.)
  ::setenv("TZ", "Pacific/Kiritimati", 1);
  ::setenv("LC_ALL", "C", 1);
  ::setenv("SOURCE_DATE_EPOCH", "1", 1);
  ::tzset();
  json inspect = json::parse(R"({
    "Id": "sha256:aaa", "Architecture": "amd64", "Os": "linux", "Created": "2026-11-23T10:00:00Z",
    "Config": {
      "Entrypoint": ["python3"], "Cmd": ["/app/server.py"], "Env": ["PATH=/usr/bin", "A=1"],
      "WorkingDir": "/app", "User": "1000:1000", "ExposedPorts": {"8080/tcp": {}},
      "Labels": {"team": "x", "a": "y"}, "StopSignal": "SIGQUIT", "Hostname": "abc"
    }
  })");
  json config = slim_image_config(inspect, "sha256:layer", {"app:1", "sha256:aaa", ""});
  CHECK(sha256_digest(config.dump()) ==
        "sha256:8a68b400b185b0c87c02e76814a30636fac15aace401608544357306855b4931");
}

TEST_CASE("a repo digest, when the original has one, is the digest label") {
  json inspect = {{"Config", {{"Labels", nullptr}}}};
  json config = slim_image_config(inspect, "sha256:l", {"app", "sha256:id", "app@sha256:dd"});
  CHECK(config["config"]["Labels"][kSourceDigestLabel] == "app@sha256:dd");
}
