#include "image/merged_view.h"

#include <doctest/doctest.h>

#include "image/entry_path.h"
#include "image/image_error.h"
#include "tar_builder.h"

using namespace minify::image;
using namespace minify::image::test;

namespace {

MergedView merge(const std::vector<std::vector<TarEntry>>& layers) {
  std::vector<LayerIndex> indexes;
  for (const auto& entries : layers) {
    indexes.push_back(index_layer(string_reader(make_tar(entries)), "test"));
  }
  std::vector<const LayerIndex*> pointers;
  for (const LayerIndex& index : indexes) pointers.push_back(&index);
  return merge_layers(pointers);
}

std::vector<std::string> paths(const MergedView& view) {
  std::vector<std::string> out;
  for (const auto& [path, entry] : view.entries) out.push_back(path);
  return out;
}

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("later layers replace earlier entries; the replaced bytes are wasted") {
  MergedView view = merge({{dir("etc"), file("etc/app.conf", std::string(100, 'a'))},
                           {dir("etc", 0700), file("etc/app.conf", std::string(30, 'b'))}});
  CHECK(paths(view) == Paths{"etc", "etc/app.conf"});
  const MergedEntry& conf = view.entries.at("etc/app.conf");
  CHECK(conf.info.size == 30);
  CHECK(conf.layer == 1);
  CHECK(view.entries.at("etc").info.mode == 0700);  // a directory over a directory: new metadata
  CHECK(view.shipped_bytes == 130);
  CHECK(view.visible_bytes == 30);
  CHECK(view.wasted_bytes == 100);
  CHECK(view.layers[1].modified_files == 1);
  CHECK(view.layers[1].modified_bytes == 30);
  CHECK(view.layers[1].added_files == 0);
  CHECK(view.layers[0].wasted_bytes == 100);
  CHECK(view.layers[1].wasted_bytes == 0);
  REQUIRE(view.wasted.size() == 1);
  CHECK(view.wasted[0].path == "etc/app.conf");
  CHECK(view.wasted[0].bytes == 100);
  CHECK(view.wasted[0].layer == 0);
  CHECK(view.wasted[0].removed_in_layer == 1);
  CHECK(view.efficiency == doctest::Approx(30.0 / 130.0));
}

TEST_CASE("a whiteout deletes a file, or a directory with everything under it") {
  MergedView view = merge({{dir("a"), file("a/x", "12345"), dir("a/sub"), file("a/sub/y", "123"),
                            file("ab", "1"), file("keep", "22")},
                           {whiteout("", "a"), whiteout("", "keep")}});
  CHECK(paths(view) == Paths{"ab"});
  CHECK(view.layers[1].removed_files == 3);
  CHECK(view.layers[1].removed_bytes == 10);
  CHECK(view.wasted_bytes == 10);
  CHECK(view.wasted.size() == 3);
  CHECK(view.wasted[0].path == "a/x");
  // Each deleted path's copies are {n, 0}: only "ab" counts in the numerator.
  CHECK(view.efficiency == doctest::Approx(1.0 / 11.0));
}

TEST_CASE("a whiteout applies to lower layers only: its own layer's entry stays") {
  MergedView view = merge({{file("f", "old")}, {file("f", "newer"), whiteout("", "f")}});
  CHECK(paths(view) == Paths{"f"});
  CHECK(view.entries.at("f").info.size == 5);
  CHECK(view.wasted_bytes == 3);
}

TEST_CASE("a whiteout of something absent changes nothing") {
  MergedView view = merge({{file("f", "x")}, {whiteout("", "nothing"), whiteout("nodir/", "x")}});
  CHECK(paths(view) == Paths{"f"});
  CHECK(view.layers[1].removed_files == 0);
}

TEST_CASE("an opaque directory hides lower content and keeps its own layer's, in any tar order") {
  for (bool marker_first : {true, false}) {
    std::vector<TarEntry> upper = {dir("d"), file("d/new", "n")};
    TarEntry marker = file("d/.wh..wh..opq", "");
    if (marker_first) {
      upper.insert(upper.begin() + 1, marker);
    } else {
      upper.push_back(marker);
    }
    MergedView view = merge(
        {{dir("d"), file("d/old", "oooo"), dir("d/sub"), file("d/sub/deep", "dd"), file("d2", "z")},
         upper});
    CHECK(paths(view) == Paths{"d", "d/new", "d2"});
    CHECK(view.layers[1].removed_files == 2);
    CHECK(view.layers[1].removed_bytes == 6);
    CHECK(view.layers[1].added_files == 1);
    CHECK(view.wasted_bytes == 6);
  }
}

TEST_CASE("an opaque root hides every lower layer") {
  MergedView view = merge(
      {{file("a", "1"), dir("b"), file("b/c", "2")}, {file(".wh..wh..opq", ""), file("z", "3")}});
  CHECK(paths(view) == Paths{"z"});
}

TEST_CASE("a file over a directory removes the subtree; a directory over a file replaces it") {
  MergedView view = merge(
      {{dir("x"), file("x/inner", "123"), file("y", "4567")}, {file("x", "file now"), dir("y")}});
  CHECK(paths(view) == Paths{"x", "y"});
  CHECK(view.entries.at("x").info.type == FileType::kRegular);
  CHECK(view.entries.at("y").info.type == FileType::kDirectory);
  CHECK(view.layers[1].removed_files == 2);
  CHECK(view.wasted_bytes == 7);
}

TEST_CASE("a hard link takes its target's metadata and shares its bytes") {
  TarEntry target = file("usr/bin/python3.11", std::string(1000, 'p'), 0755);
  target.uid = 5;
  target.xattrs = {{"security.capability", "cap"}};
  MergedView view = merge(
      {{dir("usr"), dir("usr/bin"), target, hard_link("usr/bin/python3", "usr/bin/python3.11")}});
  const MergedEntry& link = view.entries.at("usr/bin/python3");
  CHECK(link.info.type == FileType::kRegular);
  CHECK(link.info.size == 1000);
  CHECK(link.info.mode == 0755);
  CHECK(link.info.uid == 5);
  CHECK(link.info.xattrs == target.xattrs);
  CHECK(link.hard_link == "usr/bin/python3.11");
  CHECK(link.content == view.entries.at("usr/bin/python3.11").content);
  CHECK(view.shipped_bytes == 1000);
  CHECK(view.visible_bytes == 1000);  // counted once
}

TEST_CASE("deleting a hard link's target keeps the bytes: they are not wasted") {
  MergedView view = merge({{file("a", "12345"), hard_link("b", "a")}, {whiteout("", "a")}});
  CHECK(paths(view) == Paths{"b"});
  CHECK(view.entries.at("b").info.size == 5);
  CHECK(view.wasted_bytes == 0);
  CHECK(view.wasted.empty());
}

TEST_CASE("deleting every name of hard-linked bytes wastes them once") {
  MergedView view =
      merge({{file("a", "12345"), hard_link("b", "a")}, {whiteout("", "a"), whiteout("", "b")}});
  CHECK(view.entries.empty());
  CHECK(view.wasted_bytes == 5);
  CHECK(view.wasted.size() == 1);
}

TEST_CASE("a hard link may point into a lower layer") {
  MergedView view = merge({{file("lib.so", "abc")}, {hard_link("lib2.so", "lib.so")}});
  CHECK(view.entries.at("lib2.so").info.size == 3);
  CHECK(view.entries.at("lib2.so").layer == 1);
  CHECK(view.layers[1].bytes == 0);
}

TEST_CASE("a hard link to nothing, or to a directory, is an error") {
  CHECK_THROWS_WITH_AS(merge({{hard_link("b", "missing")}}), doctest::Contains("does not exist"),
                       ImageError);
  CHECK_THROWS_WITH_AS(merge({{dir("d"), hard_link("b", "d")}}), doctest::Contains("a directory"),
                       ImageError);
  CHECK_THROWS_WITH_AS(merge({{file("a", "1")}, {whiteout("", "a"), hard_link("b", "a")}}),
                       doctest::Contains("layer 1: 'b'"), ImageError);
}

TEST_CASE("an entry under a symlink is refused, never followed") {
  CHECK_THROWS_WITH_AS(merge({{symbolic_link("etc", "/host/etc"), file("etc/passwd", "root")}}),
                       doctest::Contains("refusing to follow"), ImageError);
  CHECK_THROWS_WITH_AS(merge({{symbolic_link("up", "../../..")}, {file("up/x/y", "")}}),
                       doctest::Contains("layer 1: 'up/x/y' is under 'up'"), ImageError);
  CHECK_THROWS_WITH_AS(merge({{file("f", "x")}, {file("f/g", "")}}),
                       doctest::Contains("not a directory"), ImageError);
}

TEST_CASE("missing parents are created as the engine creates them") {
  MergedView view = merge({{file("a/b/c", "x")}});
  CHECK(paths(view) == Paths{"a", "a/b", "a/b/c"});
  CHECK(view.entries.at("a/b").info.type == FileType::kDirectory);
  CHECK(view.entries.at("a/b").info.mode == 0755);
}

TEST_CASE("efficiency is dive's: smallest copy over all copies, path by path") {
  MergedView view = merge({{file("a", std::string(100, 'x')), file("b", std::string(50, 'y')),
                            file("c", std::string(20, 'z'))},
                           {file("a", std::string(30, 'x'))},
                           {whiteout("", "b")}});
  // a: {100, 30} -> 30 of 130; b: {50, 0} -> 0 of 50; c: {20} -> 20 of 20.
  CHECK(view.efficiency == doctest::Approx(50.0 / 200.0));
  CHECK(view.wasted_bytes == 150);
  CHECK(view.layers[0].wasted_bytes == 150);
  CHECK(view.layers[2].removed_bytes == 50);
}

TEST_CASE("an image with no bytes is fully efficient") {
  MergedView view = merge({{dir("empty")}});
  CHECK(view.efficiency == 1.0);
  CHECK(view.wasted_bytes == 0);
}

TEST_CASE("a path as deep as a path can be merges without recursion, its parents created") {
  std::string deep;
  while (deep.size() + 2 < kMaxEntryPathBytes) deep += "d/";
  deep += "f";
  MergedView view = merge({{file(deep, "x")}});
  CHECK(view.entries.size() == (deep.size() + 1) / 2);  // every "d" level, and the file
  CHECK(view.entries.at(deep).info.size == 1);
  CHECK(view.entries.at("d/d").info.type == FileType::kDirectory);
}

TEST_CASE("sizes that add up past 2^64 are refused, not wrapped into a small total") {
  constexpr std::uint64_t kHuge = std::uint64_t{1} << 62;
  // Three claims of 2^62 bytes fit in 64 bits: counted as claimed.
  MergedView fits =
      merge({{sparse_file("a", kHuge), sparse_file("b", kHuge)}, {sparse_file("a", kHuge)}});
  CHECK(fits.shipped_bytes == 3 * kHuge);
  CHECK(fits.wasted_bytes == kHuge);
  // Eight wrap to 0: the image would look empty and pass any --max-wasted.
  std::vector<TarEntry> eight;
  for (int i = 0; i < 8; ++i) eight.push_back(sparse_file("big" + std::to_string(i), kHuge));
  CHECK_THROWS_WITH_AS(merge({eight}),
                       "layer 0: 'big3' takes the sizes of the image's files past 2^64 bytes: "
                       "refusing to count them",
                       ImageError);
  // Hard links count at their target's size: the directory totals of a report sum them.
  CHECK_THROWS_AS(merge({{sparse_file("a", kHuge), hard_link("b", "a"), hard_link("c", "a"),
                          hard_link("d", "a")}}),
                  ImageError);
}

TEST_CASE("control characters in a name are escaped in the error that quotes it") {
  CHECK_THROWS_WITH_AS(merge({{symbolic_link("l\x1b[2J", "/etc"), file("l\x1b[2J/x\r", "")}}),
                       "layer 0: 'l\\x1b[2J/x\\x0d' is under 'l\\x1b[2J', a symlink to '/etc': "
                       "refusing to follow it",
                       ImageError);
}
