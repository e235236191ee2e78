#include "pipeline/archive_files.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace minify::pipeline;

TEST_CASE("the sensor's tar round-trips, with its directory") {
  std::string tar =
      tar_of({{".minify/sensor", "ELF...", 0755}, {".minify/record.json", "{}", 0644}});
  CHECK(single_file_of(tar, "test") == "ELF...");
  CHECK(tar.size() % 512 == 0);
}

TEST_CASE("a tar without a file, or not a tar, is an error naming what was fetched") {
  CHECK_THROWS_WITH_AS(single_file_of(std::string(1024, '\0'), "the record"),
                       doctest::Contains("the record"), std::runtime_error);
  CHECK_THROWS_AS(single_file_of("garbage that is no tar", "the record"), std::runtime_error);
}
