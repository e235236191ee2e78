#include "image/entry_path.h"

#include <doctest/doctest.h>

#include "image/image_error.h"

using namespace minify::image;

TEST_CASE("entry names are normalised relative to the root") {
  CHECK(normalise_entry_path("usr/bin/env") == "usr/bin/env");
  CHECK(normalise_entry_path("./usr/bin/") == "usr/bin");
  CHECK(normalise_entry_path("usr//lib/./x") == "usr/lib/x");
  CHECK(normalise_entry_path("usr/share/../lib") == "usr/lib");
  CHECK(normalise_entry_path("./") == "");
  CHECK(normalise_entry_path(".") == "");
}

TEST_CASE("names that escape the root are refused") {
  CHECK_THROWS_AS(normalise_entry_path("/etc/passwd"), ImageError);
  CHECK_THROWS_AS(normalise_entry_path("../etc/passwd"), ImageError);
  CHECK_THROWS_AS(normalise_entry_path("usr/../../etc/passwd"), ImageError);
  CHECK_THROWS_AS(normalise_entry_path("./../x"), ImageError);
  CHECK_THROWS_WITH_AS(normalise_entry_path("a/../../b"),
                       doctest::Contains("climbs above the root"), ImageError);
}

TEST_CASE("parent and base names") {
  CHECK(parent_path("a/b/c") == "a/b");
  CHECK(parent_path("a") == "");
  CHECK(base_name("a/b/c") == "c");
  CHECK(base_name("a") == "a");
}

TEST_CASE("a name longer than a path can be is refused, quoted short") {
  std::string longest(kMaxEntryPathBytes, 'a');
  CHECK(normalise_entry_path(longest) == longest);
  std::string deep;
  for (int i = 0; i < 16000; ++i) deep += "d/";
  CHECK_THROWS_WITH_AS(
      normalise_entry_path(deep),
      ("entry '" + deep.substr(0, 64) + "...' is 32000 bytes long, more than a path can be (4096)")
          .c_str(),
      ImageError);
}
