#include "pack/layer_check.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

#include "pack/sha256.h"
#include "tar_fixture.h"

using namespace minify::pack;
using namespace minify::pack::test;

namespace {

// A layer as `sensor pack` writes it: sorted, relative, a hard link after the name holding the
// bytes, xattrs (a file capability), a long name and names that are not UTF-8.
std::vector<TarItem> sensor_layer() {
  return {
      {.name = "aa", .type = 'd', .mode = 0755, .mtime = 0},
      {.name = "aa/data", .content = "shared bytes"},
      {.name = "aa/link-to-data", .type = 'h', .link = "aa/data"},
      {.name = "bin", .type = 'l', .link = "usr/bin", .mode = 0777},
      {.name = "data", .type = 'd', .mode = 0755, .mtime = 0},
      {.name = "data/caf\xE9.txt", .content = std::string(200000, 'x')},
      {.name = "data/" + std::string(150, 'n'), .content = "long name"},
      {.name = "data/tab\there\x1b", .content = "control"},
      {.name = "usr", .type = 'd', .mode = 0755, .mtime = 0},
      {.name = "usr/bin", .type = 'd', .mode = 0755, .mtime = 0},
      {.name = "usr/bin-x", .content = "sorts before usr/bin/ping"},
      {.name = "usr/bin/ping",
       .content = "ELF-ping",
       .mode = 0755,
       .xattrs = {{"security.capability", std::string("\x01\x00\x00\x02\x00\x20\x00\x00", 8)}}},
  };
}

struct Passed {
  LayerInfo info;
  std::string bytes;  // what reached the sink
};

// Passes `tar` through in reads of `chunk` bytes.
Passed pass(const std::string& tar, LayerBounds bounds = {1000, 1 << 30}, std::size_t chunk = 777) {
  std::size_t at = 0;
  Passed out;
  out.info = pass_checked_layer(
      [&](char* buffer, std::size_t capacity) {
        std::size_t n = std::min({capacity, chunk, tar.size() - at});
        std::copy_n(tar.data() + at, n, buffer);
        at += n;
        return n;
      },
      [&](std::string_view bytes) { out.bytes.append(bytes); }, bounds);
  return out;
}

std::string tar_bytes(const std::vector<TarItem>& items) {
  TempDir dir;
  write_tar(dir / "layer.tar", items);
  return read_file(dir / "layer.tar");
}

// Whether passing `items` fails with an error that says `part`.
bool refused_with(const std::vector<TarItem>& items, const std::string& part,
                  LayerBounds bounds = {1000, 1 << 30}) {
  std::string said = "passed";
  try {
    pass(tar_bytes(items), bounds);
  } catch (const std::runtime_error& e) {
    said = e.what();
  }
  if (said.find(part) != std::string::npos) return true;
  MESSAGE("said: " << said);
  return false;
}

}  // namespace

TEST_CASE("the layer passes byte for byte, end padding included, hashed and listed") {
  const std::string tar = tar_bytes(sensor_layer());
  Passed out = pass(tar);
  CHECK(out.bytes == tar);
  CHECK(out.info.tar_size == static_cast<std::int64_t>(tar.size()));
  CHECK(out.info.diff_id == sha256_digest(tar));
  std::vector<std::string> names;
  for (const auto& e : out.info.entries) names.push_back(e.path);
  std::vector<std::string> expected;
  for (const auto& item : sensor_layer()) expected.push_back(item.name);
  CHECK(names == expected);
  CHECK(out.info.entries[0].type == 'd');
  CHECK(out.info.entries[2].type == 'h');
  CHECK(out.info.entries[3].type == 'l');
  CHECK(out.info.entries[5].size == 200000);
  // Hard links are counted once.
  CHECK(out.info.content_bytes == 12 + 9 + 200000 + 7 + 25 + 8);
}

TEST_CASE("a name that is not relative and clean is refused, naming it") {
  CHECK(refused_with({{.name = "/etc/passwd", .content = "x"}},
                     "'/etc/passwd' is not relative to the root"));
  CHECK(refused_with({{.name = "etc/../../x", .content = "x"}},
                     "'etc/../../x' is not a clean relative name"));
  CHECK(refused_with({{.name = "./etc", .content = "x"}}, "not a clean relative name"));
  CHECK(refused_with({{.name = "a", .content = "x"}, {.name = "b", .type = 'h', .link = "../a"}},
                     "'../a' is not a clean relative name"));
}

TEST_CASE("names out of order, twice, the sensor's own or whiteouts are refused") {
  CHECK(refused_with({{.name = "b", .content = "x"}, {.name = "a", .content = "x"}},
                     "'a' comes after 'b': not in path order"));
  CHECK(refused_with({{.name = "a", .content = "x"}, {.name = "a", .content = "y"}},
                     "not in path order"));
  CHECK(refused_with({{.name = ".minify/sensor", .content = "x"}}, "is the sensor's own"));
  CHECK(refused_with({{.name = "etc", .type = 'd'}, {.name = "etc/.wh.passwd", .content = ""}},
                     "'etc/.wh.passwd' is a whiteout"));
}

TEST_CASE("a hard link must name a file that came before it") {
  CHECK(refused_with({{.name = "a", .type = 'h', .link = "b"}, {.name = "b", .content = "x"}},
                     "hard link 'a' to 'b', which is no file named before it"));
  CHECK(refused_with({{.name = "d", .type = 'd'}, {.name = "e", .type = 'h', .link = "d"}},
                     "which is no file named before it"));
}

TEST_CASE("more entries or bytes than the summary announced are refused") {
  auto items = sensor_layer();
  CHECK(refused_with(items, "holds more than its summary says (11 entries",
                     {items.size() - 1, 1 << 30}));
  CHECK(refused_with(items, "holds more than its summary says (12 entries, 1000 bytes",
                     {items.size(), 1000}));
  CHECK_NOTHROW(pass(tar_bytes(items), {items.size(), 200061}));
}

TEST_CASE("a corrupt or cut short tar is a clear error") {
  CHECK_THROWS_WITH_AS(pass(std::string(2000, 'x')), doctest::Contains("the keep-set tar"),
                       std::runtime_error);
  std::string tar = tar_bytes({{.name = "big", .content = std::string(100000, 'y')}});
  CHECK_THROWS_WITH_AS(pass(tar.substr(0, 20000)), doctest::Contains("cut short in 'big'"),
                       std::runtime_error);
}

TEST_CASE("a sink or a read that fails stops the layer with its own error") {
  const std::string tar = tar_bytes(sensor_layer());
  CHECK_THROWS_WITH_AS(
      pass_checked_layer(
          [&](char* buffer, std::size_t capacity) {
            std::size_t n = std::min(capacity, tar.size());
            std::copy_n(tar.data(), n, buffer);
            return n;
          },
          [](std::string_view) { throw std::runtime_error("the engine went away"); },
          {1000, 1 << 30}),
      "the engine went away", std::runtime_error);
  CHECK_THROWS_WITH_AS(pass_checked_layer(
                           [](char*, std::size_t) -> std::size_t {
                             throw std::runtime_error("the container went away");
                           },
                           [](std::string_view) {}, {1000, 1 << 30}),
                       "the container went away", std::runtime_error);
}
