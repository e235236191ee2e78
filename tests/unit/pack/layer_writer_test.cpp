#include "pack/layer_writer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "tar_fixture.h"

using namespace minify::pack;
using namespace minify::pack::test;

namespace {

// What a pack container's tar looks like: unsorted, "./" names, a hard link listed before the
// name that sorts first, xattrs (a file capability), the sensor's own directory.
std::vector<TarItem> pack_output() {
  return {
      {.name = "./usr/bin/", .type = 'd', .mode = 0755},
      {.name = "./usr/bin/python3", .content = "ELF-python", .mode = 0755},
      {.name = "./usr/", .type = 'd', .mode = 0755},
      {.name = "./app/server.py",
       .content = "print('hi')",
       .uid = 1000,
       .gid = 1000,
       .mtime = 1234},
      {.name = "./app/", .type = 'd', .mode = 0750, .uid = 1000, .gid = 1000, .mtime = 99},
      {.name = "./bin", .type = 'l', .link = "usr/bin", .mode = 0777},
      {.name = "./usr/bin/ping",
       .content = "ELF-ping",
       .mode = 0755,
       .xattrs = {{"security.capability", std::string("\x01\x00\x00\x02\x00\x20\x00\x00", 8)}}},
      {.name = "./zz/data", .content = "shared bytes"},
      {.name = "./aa/link-to-data", .type = 'h', .link = "./zz/data"},
      {.name = "./zz/", .type = 'd', .mode = 0755},
      {.name = "./aa/", .type = 'd', .mode = 0755},
      {.name = "./.minify/sensor", .content = "sensor", .mode = 0755},
      {.name = "./", .type = 'd', .mode = 0755},
  };
}

const TarItem* find(const std::vector<TarItem>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.name == name || item.name == name + "/") return &item;
  return nullptr;
}

}  // namespace

TEST_CASE("the layer is sorted, relative and keeps every byte and attribute") {
  TempDir dir;
  write_tar(dir / "in.tar", pack_output());
  LayerInfo info = write_layer(dir / "in.tar", dir / "layer.tar");
  auto items = read_tar(dir / "layer.tar");

  std::vector<std::string> names;
  for (const auto& e : info.entries) names.push_back(e.path);
  CHECK(names == std::vector<std::string>{"aa", "aa/link-to-data", "app", "app/server.py", "bin",
                                          "usr", "usr/bin", "usr/bin/ping", "usr/bin/python3", "zz",
                                          "zz/data"});
  REQUIRE(items.size() == names.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string name = items[i].name;
    if (name.ends_with("/")) name.pop_back();
    CHECK(name == names[i]);
  }

  const TarItem* app = find(items, "app/server.py");
  REQUIRE(app);
  CHECK(app->content == "print('hi')");
  CHECK(app->uid == 1000);
  CHECK(app->mtime == 1234);
  CHECK(find(items, "app")->mtime == 0);  // the pack container's, not the image's: fixed
  CHECK(find(items, "app")->mode == 0750);
  CHECK(find(items, "bin")->type == 'l');
  CHECK(find(items, "bin")->link == "usr/bin");
  CHECK(find(items, "usr/bin/ping")->xattrs.at("security.capability") ==
        std::string("\x01\x00\x00\x02\x00\x20\x00\x00", 8));

  // The hard link's first name in layer order carries the bytes; the other links to it.
  const TarItem* first = find(items, "aa/link-to-data");
  const TarItem* second = find(items, "zz/data");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->type == 'f');
  CHECK(first->content == "shared bytes");
  CHECK(second->type == 'h');
  CHECK(second->link == "aa/link-to-data");

  CHECK(info.content_bytes == 10 + 11 + 8 + 12);
  CHECK(info.tar_size == static_cast<std::int64_t>(std::filesystem::file_size(dir / "layer.tar")));
  CHECK(info.diff_id.starts_with("sha256:"));
  CHECK_FALSE(find(items, ".minify/sensor"));
}

TEST_CASE("the same input gives the same layer digest, whatever its order") {
  TempDir dir;
  auto items = pack_output();
  write_tar(dir / "a.tar", items);
  std::reverse(items.begin(), items.end());
  // A hard link must follow its target in a valid tar: put the target back first.
  std::stable_partition(items.begin(), items.end(),
                        [](const TarItem& i) { return i.name == "./zz/data"; });
  write_tar(dir / "b.tar", items);
  auto a1 = write_layer(dir / "a.tar", dir / "a1.layer");
  auto a2 = write_layer(dir / "a.tar", dir / "a2.layer");
  auto b = write_layer(dir / "b.tar", dir / "b.layer");
  CHECK(a1.diff_id == a2.diff_id);
  CHECK(a1.diff_id == b.diff_id);
  CHECK(read_file(dir / "a1.layer") == read_file(dir / "b.layer"));

  for (auto& item : items)
    if (item.name == "./app/server.py") item.content += "!";
  write_tar(dir / "c.tar", items);
  CHECK(write_layer(dir / "c.tar", dir / "c.layer").diff_id != a1.diff_id);
}

TEST_CASE("a path that escapes the root is refused") {
  TempDir dir;
  write_tar(dir / "evil.tar", {{.name = "./../etc/passwd", .content = "x"}});
  CHECK_THROWS_WITH_AS(write_layer(dir / "evil.tar", dir / "out.tar"),
                       doctest::Contains("escapes the root"), std::runtime_error);
  write_tar(dir / "evil2.tar",
            {{.name = "a", .content = "x"}, {.name = "b", .type = 'h', .link = "../a"}});
  CHECK_THROWS_AS(write_layer(dir / "evil2.tar", dir / "out.tar"), std::runtime_error);
}

TEST_CASE("a corrupt or truncated tar is a clear error") {
  TempDir dir;
  {
    std::ofstream out(dir / "junk.tar");
    out << std::string(2000, 'x');
  }
  CHECK_THROWS_AS(write_layer(dir / "junk.tar", dir / "out.tar"), std::runtime_error);
  write_tar(dir / "ok.tar", {{.name = "big", .content = std::string(100000, 'y')}});
  std::filesystem::resize_file(dir / "ok.tar", 20000);
  CHECK_THROWS_AS(write_layer(dir / "ok.tar", dir / "out.tar"), std::runtime_error);
  CHECK_THROWS_AS(write_layer(dir / "missing.tar", dir / "out.tar"), std::runtime_error);
}

TEST_CASE("names are bytes: UTF-8, Latin-1 and control characters, in names and link targets") {
  // Debian's ca-certificates ships this name and a hash symlink to it; minify sets no locale, and
  // libarchive's pax writer once refused it ("Can't translate linkname ... to UTF-8").
  const std::string netlock =
      "etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem";
  const std::string latin1 = "data/caf\xE9.txt";
  const std::string control = "data/tab\there\x1b";
  TempDir dir;
  write_tar(dir / "in.tar",
            {{.name = "data", .type = 'd', .mode = 0755},
             {.name = latin1, .content = "latin-1"},
             {.name = "data/hard", .type = 'h', .link = latin1},
             {.name = control, .content = "control"},
             {.name = "etc", .type = 'd', .mode = 0755},
             {.name = "etc/ssl", .type = 'd', .mode = 0755},
             {.name = "etc/ssl/certs", .type = 'd', .mode = 0755},
             {.name = netlock, .content = "cert"},
             {.name = "etc/ssl/certs/6b99d060.0",
              .type = 'l',
              .link = "NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem"}});
  LayerInfo info = write_layer(dir / "in.tar", dir / "layer.tar");
  auto items = read_tar(dir / "layer.tar");

  REQUIRE(find(items, latin1));
  CHECK(find(items, latin1)->content == "latin-1");
  CHECK(find(items, "data/hard")->type == 'h');
  CHECK(find(items, "data/hard")->link == latin1);
  REQUIRE(find(items, control));
  CHECK(find(items, control)->content == "control");
  REQUIRE(find(items, netlock));
  CHECK(find(items, netlock)->content == "cert");
  CHECK(find(items, "etc/ssl/certs/6b99d060.0")->link ==
        "NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem");
  CHECK(info.entries.size() == items.size());
}

TEST_CASE("streamed, the layer is the file's bytes, its size said before the first byte") {
  // The size comes from a pass over the headers alone: pax headers (a long name, xattrs, byte
  // names), hard links, and a file past one read block must all come out as the file's.
  std::vector<TarItem> items = pack_output();
  items.push_back({.name = "./data/" + std::string(150, 'n'), .content = "long name"});
  items.push_back({.name = "./data/caf\xE9.txt", .content = std::string(200000, 'x')});
  items.push_back({.name = "./data/", .type = 'd', .mode = 0755});
  TempDir dir;
  write_tar(dir / "in.tar", items);
  LayerInfo file = write_layer(dir / "in.tar", dir / "layer.tar");

  std::string streamed;
  std::int64_t said = -1;
  LayerInfo info = stream_layer(
      dir / "in.tar",
      [&](std::int64_t size) {
        CHECK(streamed.empty());
        said = size;
      },
      [&](std::string_view bytes) { streamed.append(bytes); });
  CHECK(streamed == read_file(dir / "layer.tar"));
  CHECK(said == static_cast<std::int64_t>(streamed.size()));
  CHECK(info.tar_size == file.tar_size);
  CHECK(info.diff_id == file.diff_id);
  CHECK(info.content_bytes == file.content_bytes);
  CHECK(info.entries.size() == file.entries.size());
}

TEST_CASE("a sink that fails stops the streamed layer with its own error") {
  TempDir dir;
  write_tar(dir / "in.tar", pack_output());
  CHECK_THROWS_WITH_AS(
      stream_layer(
          dir / "in.tar", [](std::int64_t) {},
          [](std::string_view) { throw std::runtime_error("the engine went away"); }),
      "the engine went away", std::runtime_error);
}
