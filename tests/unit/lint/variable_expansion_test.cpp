#include "lint/variable_expansion.h"

#include <doctest/doctest.h>

using namespace minify::lint;

TEST_CASE("ARG/ENV substitution forms") {
  Variables v = {{"V", "3.12"}, {"EMPTY", ""}};
  CHECK(expand_variables("python:$V-slim", v) == "python:3.12-slim");
  CHECK(expand_variables("python:${V}-slim", v) == "python:3.12-slim");
  CHECK(expand_variables("${UNSET:-3.11}", v) == "3.11");
  CHECK(expand_variables("${EMPTY:-dflt}", v) == "dflt");
  CHECK(expand_variables("${EMPTY-dflt}", v) == "");
  CHECK(expand_variables("${V:+set}", v) == "set");
  CHECK(expand_variables("${UNSET:+set}", v) == "");
  CHECK(expand_variables("${UNSET:-${V}}", v) == "3.12");
  CHECK(expand_variables("$UNSET", v) == "");
  CHECK(expand_variables("\\$V", v) == "$V");
  CHECK(expand_variables("`$V", v, '`') == "$V");
  CHECK(expand_variables("cost: $5", v) == "cost: $5");
  CHECK(expand_variables("${V", v) == "${V");  // malformed: kept as written
}
