#include "pipeline/unwrap_stream.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "pipeline/archive_files.h"

using namespace minify::pipeline;

namespace {

// A consumer that keeps what it reads in `out`, in reads of at most 10000 bytes.
UnwrapStream::Consumer keep_in(std::string& out, std::int64_t& size) {
  return [&out, &size](std::int64_t announced, const UnwrapStream::Read& read) {
    size = announced;
    char buffer[10000];
    while (std::size_t n = read(buffer, sizeof buffer)) out.append(buffer, n);
  };
}

// Writes `tar` to `stream` in chunks of `chunk` bytes, as the engine's answer arrives.
void feed(UnwrapStream& stream, const std::string& tar, std::size_t chunk) {
  for (std::size_t at = 0; at < tar.size(); at += chunk)
    stream.write(std::string_view(tar).substr(at, chunk));
}

}  // namespace

TEST_CASE("the first file of a tar arriving in chunks reaches the consumer whole, its size first") {
  // Larger than a socket's buffer: the reader must keep up while chunks come.
  std::string big(3 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  std::string tar = tar_of({{"keep.tar", big, 0644}});
  for (std::size_t chunk : {std::size_t{1000}, std::size_t{65536}, tar.size()}) {
    std::string out;
    std::int64_t size = -1;
    UnwrapStream stream("the keep-set tar", keep_in(out, size));
    feed(stream, tar, chunk);
    stream.finish();
    CHECK(size == static_cast<std::int64_t>(big.size()));
    CHECK(out == big);
  }
}

TEST_CASE("a tar without a file, not a tar, or one cut short is an error naming what it was") {
  std::string out;
  std::int64_t size = -1;
  SUBCASE("no file") {
    UnwrapStream stream("the keep-set tar", keep_in(out, size));
    feed(stream, std::string(1024, '\0'), 512);
    CHECK_THROWS_WITH_AS(stream.finish(), doctest::Contains("the keep-set tar"),
                         std::runtime_error);
  }
  SUBCASE("garbage, then more: the writer is told rather than left waiting") {
    UnwrapStream stream("the keep-set tar", keep_in(out, size));
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
    UnwrapStream stream("the keep-set tar", keep_in(out, size));
    feed(stream, tar.substr(0, 50000), 4096);
    CHECK_THROWS_WITH_AS(stream.finish(), doctest::Contains("the keep-set tar"),
                         std::runtime_error);
  }
}

TEST_CASE("a stream given up half way (an error elsewhere, Ctrl-C) stops its reader") {
  std::string out;
  std::int64_t size = -1;
  std::string tar = tar_of({{"keep.tar", std::string(1 << 20, 'k'), 0644}});
  UnwrapStream stream("the keep-set tar", keep_in(out, size));
  feed(stream, tar.substr(0, tar.size() / 2), 65536);
  // The destructor returns (the reader is not left waiting for the rest).
}

TEST_CASE("a consumer that fails, or stops before the file's end, fails the stream") {
  std::string tar = tar_of({{"keep.tar", std::string(1 << 20, 'k'), 0644}});
  SUBCASE("it throws: its own error, and the writer is not left waiting") {
    UnwrapStream stream("the keep-set tar", [](std::int64_t, const UnwrapStream::Read&) {
      throw std::runtime_error("the load went away");
    });
    CHECK_THROWS_WITH_AS(
        {
          feed(stream, tar, 65536);
          stream.finish();
        },
        "the load went away", std::runtime_error);
  }
  SUBCASE("it reads half") {
    UnwrapStream stream("the keep-set tar", [](std::int64_t, const UnwrapStream::Read& read) {
      char buffer[1000];
      read(buffer, sizeof buffer);
    });
    CHECK_THROWS_WITH_AS(
        {
          feed(stream, tar, 65536);
          stream.finish();
        },
        "the keep-set tar: 1000 of its 1048576 bytes were read", std::runtime_error);
  }
}
