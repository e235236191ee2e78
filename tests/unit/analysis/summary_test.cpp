#include "analysis/summary.h"

#include <doctest/doctest.h>

#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::protocol::DirectoryUse;
using minify::protocol::DirSize;
using minify::protocol::DroppedEntry;
using minify::protocol::KeptFile;
using minify::protocol::PackSummary;
using minify::protocol::PackTimings;
using minify::protocol::Reason;
using minify::protocol::Skipped;
using minify::protocol::TarStats;
using minify::protocol::Totals;
using minify::record::kRead;
using minify::testing::record_of;
using minify::testing::TestTree;

TEST_CASE("the summary counts kept entries, the largest directories and the whole image") {
  TestTree tree;
  tree.file("/app/data/big.bin", std::string(5000, 'x'));
  tree.file("/app/main.py", std::string(100, 'p'));
  tree.hardlink("/app/main-link.py", "/app/main.py");
  tree.symlink("/app/current", "data");
  tree.file("/usr/share/doc/README", std::string(300, 'd'));
  tree.file("/proc/cpuinfo", std::string(7, 'c'));  // left out of the image totals
  tree.file("/.minify/sensor", std::string(9, 's'));
  DirectoryRoot root(tree.dir());

  KeepSet keep = close_keep_set(root,
                                record_of({{"/app/current/big.bin", kRead},
                                           {"/app/main.py", kRead},
                                           {"/app/main-link.py", kRead},
                                           {"/nowhere", kRead}}),
                                {});
  Totals kept = kept_totals(keep);
  CHECK(kept.files == 2);
  CHECK(kept.hardlinks == 1);
  CHECK(kept.symlinks == 1);
  CHECK(kept.dirs == 2);
  CHECK(kept.bytes == 5100);

  const std::vector<ImageEntry> entries = image_entries(root);
  Totals image = image_totals(entries);
  CHECK(image.files == 4);     // big.bin, main.py, main-link.py, README
  CHECK(image.bytes == 5400);  // the hard link's bytes count once
  CHECK(image.dirs == 5);      // app, app/data, usr, usr/share, usr/share/doc
  CHECK(image.symlinks == 1);

  PackSummary summary = pack_summary(keep, entries);
  CHECK(summary.summary_version == 3);
  CHECK(summary.kept == kept);
  CHECK(summary.image == image);
  CHECK(summary.kept_by_reason ==
        std::map<std::string, std::uint64_t>{{"parent", 2}, {"record", 3}, {"symlink", 1}});
  CHECK(summary.largest_dirs == std::vector<DirSize>{{"/app", 5100, 2}, {"/app/data", 5000, 1}});
  CHECK(summary.skipped == std::vector<Skipped>{{"/nowhere", "not in the image"}});
  CHECK(summary.warnings.empty());
  CHECK(summary.timings == PackTimings{});  // the pack run's to fill
  CHECK(summary.tar == TarStats{});
}

TEST_CASE("kept entries carry their type, bytes and reasons; dropped ones add up with them") {
  TestTree tree;
  tree.file("/app/data/big.bin", std::string(5000, 'x'));
  tree.file("/app/main.py", std::string(100, 'p'));
  tree.symlink("/app/current", "data");
  tree.file("/usr/share/doc/README", std::string(300, 'd'));
  tree.hardlink("/usr/share/doc/big-copy.bin", "/app/data/big.bin");  // dropped, bytes kept
  tree.file("/usr/share/doc/a/b/c/deep.txt", std::string(40, 'e'));   // below depth 4
  tree.file("/opt/old/one.bin", std::string(2000, 'o'));
  tree.hardlink("/opt/old/two.bin", "/opt/old/one.bin");  // an inode wholly dropped: once
  tree.file("/empty/nothing", "");
  DirectoryRoot root(tree.dir());
  KeepSet keep = close_keep_set(
      root, record_of({{"/app/current/big.bin", kRead}, {"/app/main.py", kRead}}), {});
  const std::vector<ImageEntry> image = image_entries(root);
  PackSummary summary = pack_summary(keep, image);

  CHECK(summary.kept_files ==
        std::vector<KeptFile>{
            {"/app", "dir", 0, {{"parent", "/app/current"}}},
            {"/app/current", "symlink", 0, {{"symlink", "/app/data/big.bin"}}},
            {"/app/data", "dir", 0, {{"parent", "/app/data/big.bin"}}},
            {"/app/data/big.bin", "file", 5000, {{"read", ""}}},
            {"/app/main.py", "file", 100, {{"read", ""}}},
        });

  // Kept plus dropped is the image: files by name, bytes by inode.
  CHECK(summary.dropped.files == 6);  // big-copy, README, deep.txt, one, two, nothing
  CHECK(summary.dropped.bytes == 300 + 40 + 2000);
  CHECK(summary.kept.files + summary.kept.hardlinks + summary.dropped.files == summary.image.files);
  CHECK(summary.kept.bytes + summary.dropped.bytes == summary.image.bytes);

  CHECK(summary.dropped.largest ==
        std::vector<DroppedEntry>{{"/opt/old/one.bin", "file", 2000},
                                  {"/usr/share/doc/README", "file", 300},
                                  {"/usr/share/doc/a/b/c/deep.txt", "file", 40}});
  CHECK(summary.dropped.by_directory == std::vector<DirSize>{{"/opt/old", 2000, 2},
                                                             {"/usr/share/doc", 300, 2},
                                                             {"/usr/share/doc/a/b/c", 40, 1},
                                                             {"/empty", 0, 1}});
  std::vector<std::string> dropped_paths;
  for (const auto& e : summary.dropped.entries) dropped_paths.push_back(e.path);
  CHECK(dropped_paths ==
        std::vector<std::string>{"/empty", "/empty/nothing", "/opt", "/opt/old", "/opt/old/one.bin",
                                 "/opt/old/two.bin", "/usr", "/usr/share", "/usr/share/doc",
                                 "/usr/share/doc/README", "/usr/share/doc/a", "/usr/share/doc/a/b",
                                 "/usr/share/doc/a/b/c", "/usr/share/doc/a/b/c/deep.txt",
                                 "/usr/share/doc/big-copy.bin"});

  // The treemap: every directory to depth 4 holding bytes, counting all below it.
  CHECK(summary.filesystem == std::vector<DirectoryUse>{
                                  {"/", 0, 5100, 2, 2340, 6},
                                  {"/app", 1, 5100, 2, 0, 0},
                                  {"/app/data", 2, 5000, 1, 0, 0},
                                  {"/opt", 1, 0, 0, 2000, 2},
                                  {"/opt/old", 2, 0, 0, 2000, 2},
                                  {"/usr", 1, 0, 0, 340, 3},
                                  {"/usr/share", 2, 0, 0, 340, 3},
                                  {"/usr/share/doc", 3, 0, 0, 340, 3},
                                  {"/usr/share/doc/a", 4, 0, 0, 40, 1},
                              });
}
