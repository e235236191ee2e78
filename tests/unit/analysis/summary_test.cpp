#include "analysis/summary.h"

#include <doctest/doctest.h>

#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::protocol::DirSize;
using minify::protocol::PackSummary;
using minify::protocol::PackTimings;
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

  Totals image = image_totals(root);
  CHECK(image.files == 4);     // big.bin, main.py, main-link.py, README
  CHECK(image.bytes == 5400);  // the hard link's bytes count once
  CHECK(image.dirs == 5);      // app, app/data, usr, usr/share, usr/share/doc
  CHECK(image.symlinks == 1);

  PackSummary summary = pack_summary(keep, image);
  CHECK(summary.summary_version == 1);
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
