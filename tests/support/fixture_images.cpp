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

}  // namespace minify::test
