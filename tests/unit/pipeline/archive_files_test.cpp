#include "pipeline/archive_files.h"

#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>

#include "pipeline/temp_dir.h"

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

TEST_CASE("a file is extracted from a tar on disk, and the temp dir goes away") {
  std::filesystem::path where;
  {
    TempDir dir;
    where = dir.path();
    std::string big(3 << 20, 'k');
    {
      std::ofstream out(dir / "wrapped.tar", std::ios::binary);
      out << tar_of({{"keep.tar", big, 0644}});
    }
    extract_single_file(dir / "wrapped.tar", dir / "keep.tar", "the keep-set");
    CHECK(read_whole_file(dir / "keep.tar") == big);
    CHECK(std::filesystem::exists(where));
  }
  CHECK_FALSE(std::filesystem::exists(where));
}
