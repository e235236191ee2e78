#include "image/layer_index.h"

#include <doctest/doctest.h>

#include "image/image_error.h"
#include "tar_builder.h"

using namespace minify::image;
using namespace minify::image::test;

namespace {

LayerIndex index_of(const std::string& tar) {
  return index_layer(string_reader(tar), "test");
}

const FileInfo& find(const LayerIndex& index, const std::string& path) {
  for (const FileInfo& info : index.entries) {
    if (info.path == path) return info;
  }
  FAIL("no entry " << path);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a layer's entries keep their full metadata, never their contents") {
  TarEntry capable = file("usr/bin/ping", "ELF....", 04755);
  capable.uid = 0;
  capable.gid = 2;
  capable.mtime = 1600000000;
  capable.xattrs = {{"security.capability", std::string("\x01\x00\x00\x02\x00\x20\x00\x00", 8)}};
  TarEntry owned = dir("home/app", 0700);
  owned.uid = 1000;
  owned.gid = 1000;
  std::string tar = make_tar(
      {dir("./"), dir("usr/"), dir("usr/bin/"), capable, owned, symbolic_link("bin", "usr/bin"),
       hard_link("usr/bin/ping6", "./usr/bin/ping"), char_device("dev/null"), fifo("run/fifo")});
  LayerIndex index = index_of(tar);
  REQUIRE(index.entries.size() == 8);  // the root "./" is not an entry

  const FileInfo& ping = find(index, "usr/bin/ping");
  CHECK(ping.type == FileType::kRegular);
  CHECK(ping.mode == 04755);
  CHECK(ping.gid == 2);
  CHECK(ping.size == 7);
  CHECK(ping.mtime == 1600000000);
  REQUIRE(ping.xattrs.size() == 1);
  CHECK(ping.xattrs[0].first == "security.capability");
  CHECK(ping.xattrs[0].second == std::string("\x01\x00\x00\x02\x00\x20\x00\x00", 8));

  const FileInfo& home = find(index, "home/app");
  CHECK(home.type == FileType::kDirectory);
  CHECK(home.mode == 0700);
  CHECK(home.uid == 1000);
  CHECK(find(index, "bin").type == FileType::kSymlink);
  CHECK(find(index, "bin").link_target == "usr/bin");
  CHECK(find(index, "usr/bin/ping6").type == FileType::kHardLink);
  CHECK(find(index, "usr/bin/ping6").link_target == "usr/bin/ping");
  CHECK(find(index, "dev/null").type == FileType::kCharDevice);
  CHECK(find(index, "dev/null").dev_major == 1);
  CHECK(find(index, "dev/null").dev_minor == 3);
  CHECK(find(index, "run/fifo").type == FileType::kFifo);
}

TEST_CASE("whiteouts become entries naming what they delete; aufs bookkeeping is skipped") {
  std::string tar = make_tar({whiteout("etc/", "shadow"), whiteout("", "tmp"),
                              file("var/cache/.wh..wh..opq", ""), file(".wh..wh.plnk", "")});
  LayerIndex index = index_of(tar);
  REQUIRE(index.entries.size() == 3);
  CHECK(index.entries[0].path == "etc/shadow");
  CHECK(index.entries[0].type == FileType::kWhiteout);
  CHECK(index.entries[1].path == "tmp");
  CHECK(index.entries[1].type == FileType::kWhiteout);
  CHECK(index.entries[2].path == "var/cache");
  CHECK(index.entries[2].type == FileType::kOpaqueDir);
}

TEST_CASE("gzip and zstd layers read like plain ones") {
  std::vector<TarEntry> entries = {dir("app"), file("app/main.py", "print('hi')\n")};
  for (Compression c : {Compression::kNone, Compression::kGzip, Compression::kZstd}) {
    LayerIndex index = index_of(make_tar(entries, c));
    REQUIRE(index.entries.size() == 2);
    CHECK(index.entries[1].path == "app/main.py");
    CHECK(index.entries[1].size == 12);
  }
}

TEST_CASE("os-release and dpkg's status are captured whole") {
  std::string tar =
      make_tar({file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12\"\n"),
                file("var/lib/dpkg/status", "Package: gcc-12\n"), file("etc/hostname", "x\n")});
  LayerIndex index = index_of(tar);
  CHECK(index.captured.size() == 2);
  CHECK(index.captured.at("etc/os-release") == "PRETTY_NAME=\"Debian GNU/Linux 12\"\n");
  CHECK(index.captured.at("var/lib/dpkg/status") == "Package: gcc-12\n");
}

TEST_CASE("hostile names are refused with the name in the message") {
  CHECK_THROWS_WITH_AS(index_of(make_tar({file("../../etc/cron.d/x", "")})),
                       doctest::Contains("../../etc/cron.d/x"), ImageError);
  CHECK_THROWS_WITH_AS(index_of(make_tar({file("/etc/passwd", "")})), doctest::Contains("absolute"),
                       ImageError);
  CHECK_THROWS_WITH_AS(index_of(make_tar({file("a/../../x", "")})),
                       doctest::Contains("climbs above the root"), ImageError);
  CHECK_THROWS_WITH_AS(index_of(make_tar({file("x", "1"), hard_link("y", "../../etc/shadow")})),
                       doctest::Contains("hard link 'y'"), ImageError);
  CHECK_THROWS_WITH_AS(index_of(make_tar({file("etc/.wh...", "")})),
                       doctest::Contains("names no file"), ImageError);
}

TEST_CASE("a corrupt or truncated layer is an error, not a short index") {
  std::string tar = make_tar({file("big", std::string(100000, 'x'))});
  CHECK_THROWS_AS(index_of(tar.substr(0, 5000)), ImageError);
  std::string gz = make_tar({file("big", std::string(100000, 'x'))}, Compression::kGzip);
  CHECK_THROWS_AS(index_of(gz.substr(0, gz.size() / 2)), ImageError);
  CHECK_THROWS_AS(index_of(std::string(3000, '\x7f')), ImageError);
}

TEST_CASE("an empty stream is an empty layer") {
  CHECK(index_of("").entries.empty());
  CHECK(index_of(std::string(1024, '\0')).entries.empty());
}

TEST_CASE("what the reader throws comes through unchanged") {
  ByteReader failing = [](char*, std::size_t) -> std::size_t {
    throw std::runtime_error("engine went away");
  };
  CHECK_THROWS_WITH_AS(index_layer(failing, "x"), "engine went away", std::runtime_error);
}
