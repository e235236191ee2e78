#include <doctest/doctest.h>

#include "engine/http_transport.h"

using namespace minify::engine;

TEST_CASE("query values are percent-encoded except unreserved characters") {
  CHECK(encode_query_value("abc-XYZ_0.9~") == "abc-XYZ_0.9~");
  CHECK(encode_query_value("/tmp/a b&c=d?") == "%2Ftmp%2Fa%20b%26c%3Dd%3F");
  CHECK(encode_query_value(R"({"label":["minify"]})") == "%7B%22label%22%3A%5B%22minify%22%5D%7D");
  CHECK(encode_query_value("\xc3\xa9") == "%C3%A9");
}

TEST_CASE("paths keep the separators of image references") {
  CHECK(encode_path("registry:5000/team/app:1.0") == "registry:5000/team/app:1.0");
  CHECK(encode_path("app@sha256:abcd") == "app@sha256:abcd");
  CHECK(encode_path("we?ird#name") == "we%3Fird%23name");
}
