// CachedRoot: each lstat and readlink reaches the tree once, answers included that a path is
// missing; the rest passes through.

#include "analysis/cached_root.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "unit/analysis/test_tree.h"

using namespace minify::analysis;

namespace {

// A DirectoryRoot that counts what it is asked.
class CountingRoot : public DirectoryRoot {
 public:
  using DirectoryRoot::DirectoryRoot;
  std::optional<FileInfo> lstat(const std::string& path) const override {
    ++asked["lstat " + path];
    return DirectoryRoot::lstat(path);
  }
  std::string readlink(const std::string& path) const override {
    ++asked["readlink " + path];
    return DirectoryRoot::readlink(path);
  }
  std::vector<DirEntry> list(const std::string& dir) const override {
    ++asked["list " + dir];
    return DirectoryRoot::list(dir);
  }
  mutable std::map<std::string, int> asked;
};

}  // namespace

TEST_CASE("CachedRoot asks the tree once per lstat and readlink, a missing path included") {
  minify::testing::TestTree tree;
  tree.file("/usr/bin/app", "x", 0755);
  tree.symlink("/bin", "usr/bin");
  CountingRoot inner(tree.dir());
  const CachedRoot cached(inner);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(cached.lstat("/usr/bin/app"));
    CHECK(cached.lstat("/usr/bin/app")->size == 1);
    CHECK_FALSE(cached.lstat("/usr/share/missing"));
    CHECK(cached.lstat("/bin")->type == FileType::kSymlink);
    CHECK(cached.readlink("/bin") == "usr/bin");
    CHECK(cached.list("/usr/bin").size() == 1);
  }
  CHECK(inner.asked["lstat /usr/bin/app"] == 1);
  CHECK(inner.asked["lstat /usr/share/missing"] == 1);
  CHECK(inner.asked["lstat /bin"] == 1);
  CHECK(inner.asked["readlink /bin"] == 1);
  CHECK(inner.asked["list /usr/bin"] == 3);  // not remembered
  // A failing readlink is the caller's error each time, not a remembered answer.
  CHECK_THROWS_AS(cached.readlink("/usr/bin/app"), std::runtime_error);
  CHECK_THROWS_AS(cached.readlink("/usr/bin/app"), std::runtime_error);
  CHECK(inner.asked["readlink /usr/bin/app"] == 2);
}
