#include "xray/byte_size.h"

#include <doctest/doctest.h>

#include <stdexcept>

using minify::xray::parse_byte_size;

TEST_CASE("byte sizes as people write them") {
  CHECK(parse_byte_size("1000") == 1000);
  CHECK(parse_byte_size("20MB") == 20'000'000);
  CHECK(parse_byte_size("20mb") == 20'000'000);
  CHECK(parse_byte_size("20M") == 20'000'000);
  CHECK(parse_byte_size("1.5GiB") == 1'610'612'736);
  CHECK(parse_byte_size("512k") == 512'000);
  CHECK(parse_byte_size("2KiB") == 2048);
  CHECK(parse_byte_size("0") == 0);
  CHECK_THROWS_AS(parse_byte_size("-1MB"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size("MB"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size("12 parsecs"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size("1.2.3MB"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size(""), std::invalid_argument);
}
