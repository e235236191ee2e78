#include "analysis/path_resolver.h"

#include <doctest/doctest.h>

#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::testing::TestTree;

namespace {

std::vector<std::string> hop_paths(const Resolution& r) {
  std::vector<std::string> out;
  for (const auto& hop : r.symlinks) out.push_back(hop.path + " -> " + hop.target);
  return out;
}

}  // namespace

TEST_CASE("a relative symlink chain through a symlinked parent resolves inside the root") {
  TestTree tree;
  tree.mkdir("/usr/lib");
  tree.symlink("/lib", "usr/lib");
  tree.file("/usr/lib/libx.so.1.2", "x");
  tree.symlink("/usr/lib/libx.so.1", "libx.so.1.2");
  tree.symlink("/usr/lib/libx.so", "libx.so.1");
  DirectoryRoot root(tree.dir());

  Resolution r = resolve(root, "/lib/libx.so");
  CHECK(r.status == Resolved::kFound);
  CHECK(r.path == "/usr/lib/libx.so.1.2");
  CHECK(r.info->type == FileType::kRegular);
  CHECK(hop_paths(r) == std::vector<std::string>{"/lib -> usr/lib", "/usr/lib/libx.so -> libx.so.1",
                                                 "/usr/lib/libx.so.1 -> libx.so.1.2"});

  Resolution not_followed = resolve(root, "/lib/libx.so", false);
  CHECK(not_followed.path == "/usr/lib/libx.so");
  CHECK(not_followed.info->type == FileType::kSymlink);
}

TEST_CASE("an absolute symlink target starts again at the root, not at the host's /") {
  TestTree tree;
  tree.mkdir("/usr/lib/x86_64-linux-gnu");
  tree.file("/usr/lib/x86_64-linux-gnu/ld.so", "loader");
  tree.symlink("/lib", "usr/lib");
  tree.symlink("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld.so");
  DirectoryRoot root(tree.dir());

  Resolution r = resolve(root, "/lib64/ld-linux-x86-64.so.2");
  CHECK(r.status == Resolved::kFound);
  CHECK(r.path == "/usr/lib/x86_64-linux-gnu/ld.so");
  CHECK(hop_paths(r) ==
        std::vector<std::string>{"/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld.so",
                                 "/lib -> usr/lib"});
}

TEST_CASE("escaping paths stay inside the root") {
  TestTree tree;
  tree.file("/etc/shadow", "the tree's shadow");
  tree.mkdir("/app");
  tree.symlink("/app/up", "../../../../../../etc");
  tree.symlink("/app/abs", "/etc");
  tree.symlink("/app/outside", "../../../../../../../tmp");
  DirectoryRoot root(tree.dir());

  for (const char* path : {"/app/up/shadow", "/app/abs/shadow", "/../../../etc/shadow",
                           "/app/../../etc/./shadow", "/app/up/../etc/shadow"}) {
    CAPTURE(path);
    Resolution r = resolve(root, path);
    CHECK(r.status == Resolved::kFound);
    CHECK(r.path == "/etc/shadow");
  }
  // The host has /tmp; the tree does not: the lookup must fail rather than find the host's.
  Resolution r = resolve(root, "/app/outside");
  CHECK(r.status == Resolved::kMissing);
  CHECK(r.path == "/");
  CHECK(hop_paths(r) == std::vector<std::string>{"/app/outside -> ../../../../../../../tmp"});
}

TEST_CASE("a symlink loop, a missing component and a file used as a directory are told apart") {
  TestTree tree;
  tree.symlink("/a", "b");
  tree.symlink("/b", "a");
  tree.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  tree.mkdir("/var/log");
  DirectoryRoot root(tree.dir());

  CHECK(resolve(root, "/a/x").status == Resolved::kLoop);
  Resolution missing = resolve(root, "/var/log/app/new.log");
  CHECK(missing.status == Resolved::kMissing);
  CHECK(missing.path == "/var/log");  // the deepest directory that exists
  Resolution notdir = resolve(root, "/etc/passwd/x");
  CHECK(notdir.status == Resolved::kNotDirectory);
  CHECK(notdir.path == "/etc/passwd");
}

TEST_CASE("the root itself and dot-dot at the root") {
  TestTree tree;
  DirectoryRoot root(tree.dir());
  Resolution r = resolve(root, "/..");
  CHECK(r.status == Resolved::kFound);
  CHECK(r.path == "/");
  CHECK(parent_path("/a/b") == "/a");
  CHECK(parent_path("/a") == "/");
  CHECK(join_path("/", "a") == "/a");
  CHECK(join_path("/a", "b") == "/a/b");
}

TEST_CASE("DirectoryRoot refuses unresolved paths") {
  TestTree tree;
  DirectoryRoot root(tree.dir());
  CHECK_THROWS_AS(root.lstat("/a/../../etc"), std::invalid_argument);
  CHECK_THROWS_AS(root.lstat("relative"), std::invalid_argument);
}
