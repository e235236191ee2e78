#include "reference/image_reference.h"

#include <doctest/doctest.h>

#include <string>

using minify::reference::parse_image_reference;
using minify::reference::ReferenceError;
using minify::reference::split_image_reference;

namespace {

std::string canonical(const std::string& text) {
  return parse_image_reference(text).canonical();
}

}  // namespace

TEST_CASE("Docker Hub's names: docker.io, index.docker.io, library/ and the default tag") {
  for (const char* same : {"app", "app:latest", "docker.io/app", "docker.io/library/app",
                           "index.docker.io/library/app:latest", "index.docker.io/app"})
    CHECK_MESSAGE(canonical(same) == "docker.io/library/app:latest", same);
  CHECK(canonical("app:1") == "docker.io/library/app:1");
  CHECK(canonical("docker.io/library/app:1") == "docker.io/library/app:1");
  CHECK(canonical("team/app:1") == "docker.io/team/app:1");
  CHECK(canonical("docker.io/team/app:1") == "docker.io/team/app:1");
  // Another domain is another name, Docker Hub's own host included: the engine keeps it apart.
  CHECK(canonical("registry-1.docker.io/library/app:1") == "registry-1.docker.io/library/app:1");
  CHECK(canonical("app:1") != canonical("app:2"));
  CHECK(canonical("team/app:1") != canonical("app:1"));
}

TEST_CASE("the first component is a domain only with a dot, a port, localhost or capitals") {
  auto ref = parse_image_reference("reg.example:5000/team/app:1");
  CHECK(ref.domain == "reg.example:5000");
  CHECK(ref.path == "team/app");
  CHECK(ref.tag == "1");
  CHECK(parse_image_reference("localhost/app").domain == "localhost");
  CHECK(parse_image_reference("localhost:5000/app").canonical() == "localhost:5000/app:latest");
  CHECK(parse_image_reference("Registry/app").domain == "Registry");
  CHECK(parse_image_reference("[::1]:5000/app").domain == "[::1]:5000");
  // Not a domain: the path starts there, and "library/" is not added to a two-component path.
  CHECK(parse_image_reference("team/app").domain == "docker.io");
  CHECK(parse_image_reference("localhost/app").path == "app");
}

TEST_CASE("digests stay, and a digest alone gets no default tag") {
  const std::string digest = "sha256:" + std::string(64, 'a');
  auto ref = parse_image_reference("app@" + digest);
  CHECK(ref.digest == digest);
  CHECK(ref.tag.empty());
  CHECK(ref.canonical() == "docker.io/library/app@" + digest);
  CHECK(canonical("app:1@" + digest) == "docker.io/library/app:1@" + digest);
}

TEST_CASE("the familiar path and the short name") {
  CHECK(parse_image_reference("docker.io/library/python:3").familiar_path() == "python");
  CHECK(parse_image_reference("gcr.io/distroless/static-debian12").familiar_path() ==
        "distroless/static-debian12");
  CHECK(parse_image_reference("gcr.io/distroless/static-debian12").short_name() ==
        "static-debian12");
  CHECK(parse_image_reference("docker.io/library/a/b").familiar_path() == "library/a/b");
}

TEST_CASE("what the engine refuses is refused, saying why") {
  CHECK_THROWS_WITH_AS(parse_image_reference("App:1"),
                       "invalid image reference 'App:1': the repository name must be lowercase",
                       ReferenceError);
  CHECK_THROWS_AS(parse_image_reference(""), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference(std::string(64, 'e')), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("app:"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("app:-x"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("app:" + std::string(129, 'x')), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("a..b"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("-app"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("team//app"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("reg-.example/app"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("reg.example:50x0/app"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("app@sha256:abc"), ReferenceError);
  CHECK_THROWS_AS(parse_image_reference("team/" + std::string(250, 'a')), ReferenceError);
  // What the grammar allows.
  CHECK_NOTHROW(parse_image_reference("team/a__b.c--d_e/f:Tag_1.0-x"));
  CHECK_NOTHROW(parse_image_reference(std::string(64, 'e') + ":1"));
}

TEST_CASE("the lenient split lowercases and never throws, for text that is only partly a name") {
  auto ref = split_image_reference("Python:3.12-slim");
  CHECK(ref.path == "library/python");
  CHECK(ref.tag == "3.12-slim");
  CHECK(split_image_reference("${BASE}").path == "library/${base}");
}
