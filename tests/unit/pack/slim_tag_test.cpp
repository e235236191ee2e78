#include "pack/slim_tag.h"

#include <doctest/doctest.h>

using namespace minify::pack;

TEST_CASE("slim images are named NAME.slim:TAG") {
  CHECK(slim_tag_for("app") == "app.slim:latest");
  CHECK(slim_tag_for("app:1.2") == "app.slim:1.2");
  CHECK(slim_tag_for("minify-fixture/python-web") == "minify-fixture/python-web.slim:latest");
  CHECK(slim_tag_for("reg:5000/team/app:1") == "reg:5000/team/app.slim:1");
  CHECK(slim_tag_for("reg:5000/app") == "reg:5000/app.slim:latest");
  CHECK(
      slim_tag_for("app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") ==
      "app.slim:latest");
  CHECK(slim_tag_for("sha256:0123456789abcdef0123") == "minify-slim:0123456789ab");
}

TEST_CASE("references without a tag get :latest") {
  CHECK(with_tag("app") == "app:latest");
  CHECK(with_tag("app:2") == "app:2");
  CHECK(with_tag("reg:5000/app") == "reg:5000/app:latest");
}
