#include "analysis/ld_cache.h"

#include <doctest/doctest.h>
#include <elf.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "analysis/keep_set.h"
#include "analysis/library_search.h"
#include "support/file_contents.h"
#include "support/process.h"
#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::testing::TestTree;

namespace {

std::string run(const std::string& command) {
  return minify::test::run_shell(command).out;
}

const ElfInfo kX8664 = [] {
  ElfInfo info;
  info.elf_class = ELFCLASS64;
  info.machine = EM_X86_64;
  return info;
}();

}  // namespace

TEST_CASE("the host's ld.so.cache parses to what ldconfig -p lists") {
  auto entries = parse_ld_cache(minify::test::read_file("/etc/ld.so.cache"));
  // ldconfig -p: a header line, then one "name (flags) => path" line per entry, same order.
  std::istringstream listing(run("ldconfig -p"));
  std::string line;
  std::getline(listing, line);
  std::size_t i = 0;
  while (std::getline(listing, line)) {
    if (line.find(" => ") == std::string::npos) continue;  // a trailer, in newer glibc
    REQUIRE(i < entries.size());
    auto tab = line.find_first_not_of("\t ");
    CHECK(line.substr(tab, entries[i].name.size() + 1) == entries[i].name + " ");
    CHECK(line.substr(line.size() - entries[i].path.size()) == entries[i].path);
    ++i;
  }
  CHECK(i == entries.size());
  CHECK(entries.size() > 10);
}

TEST_CASE("the host's root: libz.so.1 is found through the cache, as ld.so finds it") {
  DirectoryRoot root("/");
  LibrarySearch search(root);
  auto found = search.find("libz.so.1", kX8664, {}, {});
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].path == "/lib/x86_64-linux-gnu/libz.so.1");
  CHECK(found[0].resolution.status == Resolved::kFound);
  CHECK(found[0].resolution.path.rfind("/usr/lib/x86_64-linux-gnu/libz.so.1.", 0) == 0);
  CHECK(found[0].resolution.symlinks.front().path == "/lib");
}

TEST_CASE("a cache made by ldconfig for a test tree finds a library in a non-default directory") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/opt/weird/lib/libgreet.so.1", FIXTURE_GREET);
  tree.copy("/usr/bin/hello", FIXTURE_HELLO_PLAIN);
  tree.file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n");
  tree.file("/etc/ld.so.conf.d/weird.conf", "# a comment\n/opt/weird/lib\n");
  REQUIRE(minify::test::run_process(
              {"ldconfig", "-r", tree.dir(), "-C", "/etc/ld.so.cache", "-f", "/etc/ld.so.conf"})
              .status == 0);
  auto entries = parse_ld_cache(minify::test::read_file(tree.host("/etc/ld.so.cache")));
  bool listed = false;
  for (const auto& e : entries) {
    if (e.name == "libgreet.so.1") {
      listed = true;
      CHECK(e.path == "/opt/weird/lib/libgreet.so.1");
      CHECK(e.flags == ld_cache_flags_for(ELFCLASS64, EM_X86_64));
    }
  }
  CHECK(listed);

  // The configuration is gone: only the cache can know /opt/weird/lib now.
  std::filesystem::remove_all(tree.host("/etc/ld.so.conf.d"));
  std::filesystem::remove(tree.host("/etc/ld.so.conf"));
  DirectoryRoot root(tree.dir());
  LibrarySearch search(root);
  CHECK(search.conf_dirs().empty());
  auto found = search.find("libgreet.so.1", kX8664, {}, {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].resolution.path == "/opt/weird/lib/libgreet.so.1");

  auto keep = close_keep_set(
      root, minify::testing::record_of({{"/usr/bin/hello", minify::record::kExec}}), {});
  CHECK(keep.entries.count("/opt/weird/lib/libgreet.so.1") == 1);
  CHECK(keep.entries.at("/opt/weird/lib/libgreet.so.1").reason == "elf");
  CHECK(keep.entries.count("/etc/ld.so.cache") == 1);
  CHECK(keep.warnings.empty());
}

TEST_CASE("ld.so.conf with includes is read when the cache does not know a library") {
  TestTree tree;
  tree.file("/etc/ld.so.conf", "include ld.so.conf.d/*.conf\n/usr/local/lib\n");
  tree.file("/etc/ld.so.conf.d/a.conf", "/opt/a/lib:/opt/b/lib\n");
  tree.file("/etc/ld.so.conf.d/b.conf", "include /etc/ld.so.conf.d/nested/*.conf\n");
  tree.file("/etc/ld.so.conf.d/nested/c.conf", "/opt/c/lib\n");
  tree.file("/etc/ld.so.conf.d/ignored.txt", "/opt/ignored\n");
  tree.copy("/opt/c/lib/libgreet.so.1", FIXTURE_GREET);
  DirectoryRoot root(tree.dir());
  LibrarySearch search(root);
  CHECK(search.conf_dirs() ==
        std::vector<std::string>{"/opt/a/lib", "/opt/b/lib", "/opt/c/lib", "/usr/local/lib"});
  auto found = search.find("libgreet.so.1", kX8664, {}, {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == "/opt/c/lib/libgreet.so.1");
}

TEST_CASE("a corrupt cache is refused with a clear message, and only warned about in a search") {
  CHECK_THROWS_WITH(parse_ld_cache("garbage"), "ld.so.cache: unknown format");
  std::string truncated = minify::test::read_file("/etc/ld.so.cache").substr(0, 100);
  CHECK_THROWS_WITH(parse_ld_cache(truncated), "ld.so.cache: truncated");
  // An old table whose count runs past the end (found by tests/fuzz: it threw std::out_of_range,
  // which the library search does not expect).
  std::string old_table = "ld.so-1.7.0";
  old_table += std::string("\0\xff\xff\xff\x0f", 5) + "glibc-ld.so.cache1.1";
  CHECK_THROWS_WITH_AS(parse_ld_cache(old_table), "ld.so.cache: truncated", std::runtime_error);
  TestTree tree;
  tree.file("/etc/ld.so.cache", "garbage");
  DirectoryRoot root(tree.dir());
  LibrarySearch search(root);
  CHECK(search.warnings() == std::vector<std::string>{"ld.so.cache: unknown format (ignored)"});
}
