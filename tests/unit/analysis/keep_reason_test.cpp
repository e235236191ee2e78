// Why each entry is kept: every kind of KeepReason, with its detail, from a real closure over a
// directory tree (real ELF files, symlinks, the record's processes).

#include <doctest/doctest.h>

#include "analysis/keep_set.h"
#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::record::kCreate;
using minify::record::kExec;
using minify::record::kRead;
using minify::record::kStat;
using minify::record::kWrite;
using minify::testing::TestTree;

namespace {

constexpr const char* kHello = "/opt/app/bin/hello";

minify::record::Record record_with_processes(
    std::initializer_list<minify::record::PathEntry> paths) {
  minify::record::Record r;
  r.mode = "files";
  r.complete = true;
  r.arch = "x86_64";
  r.paths = paths;
  return r;
}

const std::vector<KeepReason>& reasons(const KeepSet& keep, const std::string& path) {
  REQUIRE(keep.entries.count(path) == 1);
  return keep.entries.at(path).reasons;
}

// A glibc base, a program finding its library through $ORIGIN, a config file, a log directory,
// a symlinked data directory, a second program only a rule keeps.
void app_tree(TestTree& tree) {
  tree.glibc_base();
  tree.copy(kHello, FIXTURE_HELLO_RUNPATH);
  tree.copy("/opt/app/lib/libgreet.so.1", FIXTURE_GREET);
  tree.file("/etc/app.conf", "conf");
  tree.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  tree.mkdir("/var/log/app");
  tree.file("/srv/data/v1/table.csv", "a,b");
  tree.symlink("/srv/current", "data/v1");
  tree.file("/srv/static/index.html", "html");
  tree.copy("/usr/bin/plain", FIXTURE_HELLO_PLAIN);
}

}  // namespace

TEST_CASE("every kind of reason, with its detail, first the one that kept the entry") {
  TestTree tree;
  app_tree(tree);
  DirectoryRoot root(tree.dir());
  Rules rules;
  rules.include = {"/srv/static"};
  rules.include_bin = {"/usr/bin/plain"};
  KeepSet keep = close_keep_set(
      root,
      record_with_processes({
          {"/etc/app.conf", kRead, minify::record::kPtrace, kHello},
          {kHello, kExec | kRead, minify::record::kPtrace, "/bin/sh"},
          {"/srv/current/table.csv", kStat, minify::record::kPtrace, kHello},
          {"/var/log/app/today.log", kCreate | kWrite, minify::record::kPtrace, kHello},
          {"/opt/app/lib/libgreet.so.1", kRead, minify::record::kFanotify, ""},
      }),
      rules);

  // The record: what the app did, and which process did it first.
  CHECK(reasons(keep, "/etc/app.conf") == std::vector<KeepReason>{{ReasonKind::kRead, kHello}});
  CHECK(reasons(keep, kHello) == std::vector<KeepReason>{{ReasonKind::kExecuted, "/bin/sh"},
                                                         {ReasonKind::kRead, "/bin/sh"}});
  CHECK(reasons(keep, "/srv/data/v1/table.csv") ==
        std::vector<KeepReason>{{ReasonKind::kStat, kHello}});
  CHECK(reasons(keep, "/var/log/app") ==
        std::vector<KeepReason>{{ReasonKind::kWrittenDir, kHello}});
  // Read (by a process fanotify could not name) before the ELF closure needed it too.
  CHECK(reasons(keep, "/opt/app/lib/libgreet.so.1") ==
        std::vector<KeepReason>{{ReasonKind::kRead, ""}, {ReasonKind::kElfLibrary, kHello}});

  // ELF: the interpreter (behind /lib64 -> usr/lib64 and an absolute symlink) and libc.
  CHECK(reasons(keep, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2").front() ==
        KeepReason{ReasonKind::kElfInterpreter, kHello});
  CHECK(reasons(keep, "/usr/lib/x86_64-linux-gnu/libc.so.6").front() ==
        KeepReason{ReasonKind::kElfLibrary, kHello});

  // Symlinks: each says where it led.
  CHECK(reasons(keep, "/srv/current") ==
        std::vector<KeepReason>{{ReasonKind::kSymlink, "/srv/data/v1/table.csv"}});
  CHECK(reasons(keep, "/lib64").front() ==
        KeepReason{ReasonKind::kSymlink, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"});

  // Parents: of the child that brought them, once however many children are kept.
  CHECK(reasons(keep, "/srv/data/v1") ==
        std::vector<KeepReason>{{ReasonKind::kParent, "/srv/data/v1/table.csv"}});
  CHECK(reasons(keep, "/opt/app") ==
        std::vector<KeepReason>{{ReasonKind::kParent, "/opt/app/bin"}});

  // Rules: the built-in one names itself, a user's is given as written.
  REQUIRE(reasons(keep, "/etc/passwd").size() == 1);
  CHECK(reasons(keep, "/etc/passwd").front().kind == ReasonKind::kDefaultRule);
  CHECK(reasons(keep, "/etc/passwd").front().detail.find("/etc/passwd") != std::string::npos);
  CHECK(reasons(keep, "/srv/static/index.html") ==
        std::vector<KeepReason>{{ReasonKind::kInclude, "/srv/static"}});
  CHECK(reasons(keep, "/usr/bin/plain") ==
        std::vector<KeepReason>{{ReasonKind::kInclude, "--include-bin /usr/bin/plain"}});
  // What a kept program needs is the closure's, whatever kept the program.
  CHECK(reasons(keep, "/opt/app/lib/libgreet.so.1").size() == 2);

  // /etc/ld.so.cache is not in this tree; every kept entry has at least one reason, the first
  // of the kind its legacy category names.
  for (const auto& [path, entry] : keep.entries) {
    INFO(path);
    REQUIRE_FALSE(entry.reasons.empty());
    const ReasonKind first = entry.reasons.front().kind;
    if (entry.reason == "record") {
      CHECK((first == ReasonKind::kRead || first == ReasonKind::kExecuted ||
             first == ReasonKind::kStat));
    } else if (entry.reason == "parent") {
      CHECK(first == ReasonKind::kParent);
    } else if (entry.reason == "symlink") {
      CHECK(first == ReasonKind::kSymlink);
    } else if (entry.reason == "elf") {
      CHECK((first == ReasonKind::kElfLibrary || first == ReasonKind::kElfInterpreter));
    }
  }
}

TEST_CASE("the TLS rule and the loader's cache are default rules that say which") {
  TestTree tree;
  tree.glibc_base();
  tree.file("/etc/ld.so.cache", "cache");
  tree.file("/usr/lib/x86_64-linux-gnu/libssl.so.3", "not really");
  tree.file("/etc/ssl/certs/ca-certificates.crt", "BUNDLE");
  DirectoryRoot root(tree.dir());
  KeepSet keep = close_keep_set(
      root,
      record_with_processes({{"/usr/lib/x86_64-linux-gnu/libc.so.6", kRead,
                              minify::record::kPtrace, "/bin/app"},
                             {"/usr/lib/x86_64-linux-gnu/libssl.so.3", kRead,
                              minify::record::kPtrace, "/bin/app"}}),
      {});
  const auto& tls = reasons(keep, "/etc/ssl/certs/ca-certificates.crt");
  REQUIRE(tls.size() == 1);
  CHECK(tls.front().kind == ReasonKind::kDefaultRule);
  CHECK(tls.front().detail.find("TLS") != std::string::npos);
  const auto& cache = reasons(keep, "/etc/ld.so.cache");
  REQUIRE(cache.size() == 1);
  CHECK(cache.front().kind == ReasonKind::kDefaultRule);
  CHECK(cache.front().detail.find("ld.so.cache") != std::string::npos);
}

TEST_CASE("--include-exe and --include-shell name the rule") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/usr/bin/plain", FIXTURE_HELLO_PLAIN);
  tree.copy("/usr/bin/dash", FIXTURE_HELLO_PLAIN);
  tree.symlink("/usr/bin/sh", "dash");
  DirectoryRoot root(tree.dir());
  Rules rules;
  rules.include_exe = {"plain"};
  rules.include_shell = true;
  KeepSet keep = close_keep_set(root, record_with_processes({}), rules);
  CHECK(reasons(keep, "/usr/bin/plain") ==
        std::vector<KeepReason>{{ReasonKind::kInclude, "--include-exe plain"}});
  CHECK(reasons(keep, "/usr/bin/dash") ==
        std::vector<KeepReason>{{ReasonKind::kInclude, "--include-shell"}});
  CHECK(reasons(keep, "/usr/bin/sh") ==
        std::vector<KeepReason>{{ReasonKind::kSymlink, "/usr/bin/dash"}});
}

TEST_CASE("every kind has the name the summary and the report use") {
  CHECK(std::string(kind_name(ReasonKind::kRead)) == "read");
  CHECK(std::string(kind_name(ReasonKind::kExecuted)) == "executed");
  CHECK(std::string(kind_name(ReasonKind::kStat)) == "stat");
  CHECK(std::string(kind_name(ReasonKind::kWrittenDir)) == "written_dir");
  CHECK(std::string(kind_name(ReasonKind::kElfInterpreter)) == "elf_interpreter");
  CHECK(std::string(kind_name(ReasonKind::kElfLibrary)) == "elf_library");
  CHECK(std::string(kind_name(ReasonKind::kSymlink)) == "symlink");
  CHECK(std::string(kind_name(ReasonKind::kParent)) == "parent");
  CHECK(std::string(kind_name(ReasonKind::kDefaultRule)) == "default_rule");
  CHECK(std::string(kind_name(ReasonKind::kInclude)) == "include");
}
