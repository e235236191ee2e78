#include "pipeline/pack_stage.h"

#include <doctest/doctest.h>

using namespace minify;
using namespace minify::pipeline;

TEST_CASE("the pack summary is read into its typed counts, directories and warnings") {
  auto summary = nlohmann::json::parse(R"({
    "kept": {"files": 3, "dirs": 2, "symlinks": 1, "bytes": 100},
    "image": {"files": 30, "dirs": 20, "symlinks": 10, "bytes": 1000},
    "largest_dirs": [{"path": "/usr/lib", "bytes": 90, "files": 2}],
    "warnings": ["--exclude /x removed /x/y, which the app used", 7]
  })");
  PackSummary s = read_pack_summary(summary);
  CHECK(s.kept.files == 3);
  CHECK(s.kept.dirs == 2);
  CHECK(s.kept.symlinks == 1);
  CHECK(s.kept.bytes == 100);
  CHECK(s.image.files == 30);
  CHECK(s.image.bytes == 1000);
  REQUIRE(s.largest_dirs.size() == 1);
  CHECK(s.largest_dirs[0].path == "/usr/lib");
  CHECK(s.largest_dirs[0].bytes == 90);
  CHECK(s.largest_dirs[0].files == 2);
  CHECK(s.warnings == std::vector<std::string>{"--exclude /x removed /x/y, which the app used"});
}

TEST_CASE("a summary without a member reads as zero or empty") {
  PackSummary s = read_pack_summary(nlohmann::json::object());
  CHECK(s.kept.files == 0);
  CHECK(s.image.bytes == 0);
  CHECK(s.largest_dirs.empty());
  CHECK(s.warnings.empty());
}
