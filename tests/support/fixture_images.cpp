#include "support/fixture_images.h"

#include <doctest/doctest.h>

#include "support/process.h"

namespace minify::test {

std::string fixture_image(std::string_view name) {
  return "minify-fixture/" + std::string(name) + ":latest";
}

bool image_exists(const std::string& image) {
  return run_process({"docker", "image", "inspect", image}).status == 0;
}

void require_fixture_image(const std::string& image) {
  INFO(image << " is missing: run scripts/build-fixtures");
  REQUIRE(image_exists(image));
}

std::string ensure_conformance_image(std::string_view name) {
  std::string image = "minify-conformance/" + std::string(name) + ":latest";
  if (image_exists(image)) return image;
  const std::string source = MINIFY_SOURCE_DIR;
  auto built = run_process({source + "/scripts/build-fixtures", "--recipes",
                            source + "/tests/conformance/apps", "--prefix", "minify-conformance",
                            std::string(name)});
  INFO(image << " could not be built: " << built.err);
  REQUIRE(built.status == 0);
  return image;
}

}  // namespace minify::test
