#include "xray/text_column.h"

#include <doctest/doctest.h>

using minify::xray::fit_column;

TEST_CASE("a text fits its column: printable, cut with ... when longer") {
  CHECK(fit_column("/usr/lib", 8) == "/usr/lib");
  CHECK(fit_column("/usr/lib/x", 8) == "/usr/...");
  // Escaped first, then cut: the column holds what the terminal shows.
  CHECK(fit_column("a\x1b[2Jb", 20) == "a\\x1b[2Jb");
  CHECK(fit_column("a\x1b[2Jb", 6) == "a\\x...");
}
