#include "xray/image_source.h"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

#include "xray/xray_error.h"

using namespace minify;

TEST_CASE("a name is a file when it exists, ends like an archive or starts with '/' or '.'") {
  CHECK(xray::names_a_file(MINIFY_SOURCE_DIR));
  CHECK(xray::names_a_file("/no/such/dir"));
  CHECK(xray::names_a_file("./saved"));
  CHECK(xray::names_a_file("image.tar"));
  CHECK(xray::names_a_file("image.tar.gz"));
  CHECK(xray::names_a_file("image.tgz"));
  CHECK(xray::names_a_file("image.tar.zst"));
  CHECK_FALSE(xray::names_a_file("minify-fixture/waste"));
  CHECK_FALSE(xray::names_a_file("debian:12"));
  CHECK_FALSE(xray::names_a_file("sha256:0123abcd"));
}

TEST_CASE("skopeo's transports: docker-archive:, oci:DIR[:REF], oci-archive:, docker-daemon:") {
  auto check = [](const std::string& name, bool file, const std::string& path,
                  const std::string& reference) {
    INFO(name);
    xray::ImageName parsed = xray::parse_image_name(name);
    CHECK(parsed.file == file);
    CHECK(parsed.path == path);
    CHECK(parsed.reference == reference);
  };
  check("docker-archive:/tmp/slim.tar", true, "/tmp/slim.tar", "");
  check("docker-archive:slim.tar:app:1", true, "slim.tar", "app:1");
  check("oci:/tmp/layout", true, "/tmp/layout", "");
  check("oci:/tmp/layout:v1", true, "/tmp/layout", "v1");
  check("oci-archive:b.tar:latest", true, "b.tar", "latest");
  check("docker-daemon:app:1", false, "", "app:1");
  check("app:1", false, "", "app:1");
  check("./saved", true, "./saved", "");
  // An existing path is taken whole, colon and all.
  check(std::string("oci:") + MINIFY_SOURCE_DIR, true, MINIFY_SOURCE_DIR, "");
  CHECK_THROWS_AS(xray::parse_image_name("oci:"), xray::XrayError);
}

TEST_CASE("a missing file fails with its name, and no engine is reached") {
  std::ostringstream progress_out;
  progress::ProgressReporter reporter(progress_out, progress::Style::kSilent);
  bool connected = false;
  auto connect = [&]() -> engine::EngineClient {
    connected = true;
    throw std::logic_error("no engine for a file");
  };
  CHECK_THROWS_WITH_AS(xray::read_named_image("/no/such/image.tar", connect, reporter),
                       "no such image file: /no/such/image.tar", xray::XrayError);
  CHECK_FALSE(connected);
}
