#include "pipeline/unwrap_stream.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "pipeline/archive_files.h"
#include "pipeline/temp_dir.h"

using namespace minify::pipeline;

namespace {

// Writes `tar` to `stream` in chunks of `chunk` bytes, as the engine's answer arrives.
void feed(UnwrapStream& stream, const std::string& tar, std::size_t chunk) {
  for (std::size_t at = 0; at < tar.size(); at += chunk)
    stream.write(std::string_view(tar).substr(at, chunk));
}

}  // namespace

TEST_CASE("the first file of a tar arriving in chunks is written out whole") {
  TempDir dir;
  // Larger than a socket's buffer: the reader must keep up while chunks come.
  std::string big(3 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  std::string tar = tar_of({{"keep.tar", big, 0644}});
  for (std::size_t chunk : {std::size_t{1000}, std::size_t{65536}, tar.size()}) {
    UnwrapStream stream(dir / "keep.tar", "the keep-set tar");
    feed(stream, tar, chunk);
    stream.finish();
    CHECK(read_whole_file(dir / "keep.tar") == big);
  }
}

TEST_CASE("a tar without a file, not a tar, or one cut short is an error naming what it was") {
  TempDir dir;
  SUBCASE("no file") {
    UnwrapStream stream(dir / "out", "the keep-set tar");
    feed(stream, std::string(1024, '\0'), 512);
    CHECK_THROWS_WITH_AS(stream.finish(), doctest::Contains("the keep-set tar"),
                         std::runtime_error);
  }
  SUBCASE("garbage, then more: the writer is told rather than left waiting") {
    UnwrapStream stream(dir / "out", "the keep-set tar");
    std::string garbage(4 << 20, 'x');
    CHECK_THROWS_WITH_AS(
        {
          feed(stream, garbage, 65536);
          stream.finish();
        },
        doctest::Contains("the keep-set tar"), std::runtime_error);
  }
  SUBCASE("cut short") {
    std::string tar = tar_of({{"keep.tar", std::string(100000, 'k'), 0644}});
    UnwrapStream stream(dir / "out", "the keep-set tar");
    feed(stream, tar.substr(0, 50000), 4096);
    CHECK_THROWS_WITH_AS(stream.finish(), doctest::Contains("the keep-set tar"),
                         std::runtime_error);
  }
}

TEST_CASE("a stream given up half way (an error elsewhere, Ctrl-C) stops its reader") {
  TempDir dir;
  std::string tar = tar_of({{"keep.tar", std::string(1 << 20, 'k'), 0644}});
  UnwrapStream stream(dir / "out", "the keep-set tar");
  feed(stream, tar.substr(0, tar.size() / 2), 65536);
  // The destructor returns (the reader is not left waiting for the rest).
}
