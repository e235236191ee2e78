#include "analysis/keep_set.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>

#include "support/process.h"
#include "unit/analysis/keep_set_view.h"
#include "unit/analysis/test_tree.h"

using namespace minify::analysis;
using minify::record::kCreate;
using minify::record::kExec;
using minify::record::kRead;
using minify::record::kSocket;
using minify::record::kStat;
using minify::record::kWrite;
using minify::testing::kept_paths;
using minify::testing::record_of;
using minify::testing::skipped_lines;
using minify::testing::TestTree;

namespace {

// What a program in a glibc_base() tree needs besides itself and its own directories.
const std::vector<std::string> kGlibcClosure = {
    "/lib",  // symlink met on the way to the loader and libc
    "/lib64",
    "/usr",
    "/usr/lib",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/usr/lib64",
    "/usr/lib64/ld-linux-x86-64.so.2",
};

std::vector<std::string> with_glibc(std::vector<std::string> paths) {
  paths.insert(paths.end(), kGlibcClosure.begin(), kGlibcClosure.end());
  std::sort(paths.begin(), paths.end());
  return paths;
}

void make_socket(const std::string& host_path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(host_path.size() < sizeof addr.sun_path);
  std::strcpy(addr.sun_path, host_path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
}

}  // namespace

TEST_CASE("a program whose library is found through RUNPATH $ORIGIN, loader behind symlinks") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/opt/app/bin/hello", FIXTURE_HELLO_RUNPATH);
  tree.copy("/opt/app/lib/libgreet.so.1", FIXTURE_GREET);
  tree.file("/opt/app/lib/unused.so", "not needed");
  DirectoryRoot root(tree.dir());

  KeepSet keep = close_keep_set(root, record_of({{"/opt/app/bin/hello", kExec | kRead}}), {});
  CHECK(kept_paths(keep) == with_glibc({"/opt", "/opt/app", "/opt/app/bin", "/opt/app/bin/hello",
                                        "/opt/app/lib", "/opt/app/lib/libgreet.so.1"}));
  CHECK(keep.entries.at("/opt/app/bin/hello").reason == "record");
  CHECK(keep.entries.at("/opt/app/lib/libgreet.so.1").reason == "elf");
  CHECK(keep.entries.at("/opt/app").reason == "parent");
  CHECK(keep.entries.at("/usr/lib64/ld-linux-x86-64.so.2").symlink_target ==
        "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
  CHECK(keep.entries.at("/lib64").symlink_target == "usr/lib64");
  CHECK(keep.entries.at("/lib64").info.type == FileType::kSymlink);
  CHECK(keep.warnings.empty());
  CHECK(keep.skipped.empty());
}

TEST_CASE("DT_RPATH with $ORIGIN finds the library; a missing library is a warning") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/srv/bin/hello", FIXTURE_HELLO_RPATH);
  tree.copy("/srv/lib/libgreet.so.1", FIXTURE_GREET);
  tree.copy("/usr/bin/lonely", FIXTURE_HELLO_PLAIN);
  DirectoryRoot root(tree.dir());

  KeepSet keep = close_keep_set(root, record_of({{"/srv/bin/hello", kExec}}), {});
  CHECK(kept_paths(keep) ==
        with_glibc({"/srv", "/srv/bin", "/srv/bin/hello", "/srv/lib", "/srv/lib/libgreet.so.1"}));

  KeepSet lonely = close_keep_set(root, record_of({{"/bin/lonely", kExec}}), {});
  CHECK(kept_paths(lonely) == with_glibc({"/bin", "/usr/bin", "/usr/bin/lonely"}));
  CHECK(lonely.warnings ==
        std::vector<std::string>{"libgreet.so.1 needed by /usr/bin/lonely is not in the image"});
}

TEST_CASE("a need no search finds is met by an object the app loaded with that soname") {
  // As libjava.so's "libjvm.so" is met by the lib/server/libjvm.so the JVM launcher dlopen()ed by
  // its path: glibc's ld.so first looks among the loaded objects for one with that DT_SONAME.
  // Here the loaded object is /opt/greet/libgreet.so.1 (LD_PRELOAD or dlopen by path), which no
  // search path of the program reaches.
  TestTree tree;
  tree.glibc_base();
  tree.copy("/usr/bin/hello", FIXTURE_HELLO_PLAIN);
  tree.copy("/opt/greet/libgreet.so.1", FIXTURE_GREET);
  DirectoryRoot root(tree.dir());

  KeepSet keep = close_keep_set(
      root, record_of({{"/usr/bin/hello", kExec | kRead}, {"/opt/greet/libgreet.so.1", kRead}}),
      {});
  CHECK(keep.warnings.empty());
  CHECK(kept_paths(keep) == with_glibc({"/opt", "/opt/greet", "/opt/greet/libgreet.so.1",
                                        "/usr/bin", "/usr/bin/hello"}));
  // The report says who needed it, after what the app did with it.
  CHECK(keep.entries.at("/opt/greet/libgreet.so.1").reasons ==
        std::vector<KeepReason>{{ReasonKind::kRead, ""},
                                {ReasonKind::kElfLibrary, "/usr/bin/hello"}});
}

TEST_CASE("a need no loaded object meets by its soname is still a warning") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/usr/bin/hello", FIXTURE_HELLO_PLAIN);
  tree.copy("/opt/greet/libgreet.so.1", FIXTURE_GREET);
  const std::vector<std::string> warning = {
      "libgreet.so.1 needed by /usr/bin/hello is not in the image"};

  SUBCASE("the library is in the image, but the app never opened it") {
    DirectoryRoot root(tree.dir());
    KeepSet keep = close_keep_set(root, record_of({{"/usr/bin/hello", kExec}}), {});
    CHECK(keep.warnings == warning);
    CHECK(keep.entries.count("/opt/greet/libgreet.so.1") == 0);
  }
  SUBCASE("the app only looked at it") {
    DirectoryRoot root(tree.dir());
    KeepSet keep = close_keep_set(
        root, record_of({{"/usr/bin/hello", kExec}, {"/opt/greet/libgreet.so.1", kStat}}), {});
    CHECK(keep.warnings == warning);
  }
  SUBCASE("the app opened a file of that name whose soname is another") {
    tree.copy("/opt/greet/libgreet.so.1", "/usr/lib/x86_64-linux-gnu/libc.so.6");
    DirectoryRoot root(tree.dir());
    KeepSet keep = close_keep_set(
        root, record_of({{"/usr/bin/hello", kExec}, {"/opt/greet/libgreet.so.1", kRead}}), {});
    CHECK(keep.warnings == warning);
  }
  SUBCASE("the program is kept by a rule: the app never ran it") {
    DirectoryRoot root(tree.dir());
    Rules rules;
    rules.include_bin = {"/usr/bin/hello"};
    KeepSet keep = close_keep_set(root, record_of({{"/opt/greet/libgreet.so.1", kRead}}), rules);
    CHECK(keep.warnings == warning);
  }
  SUBCASE("the loader is not glibc's: musl's never matches a DT_SONAME") {
    // Another loader in glibc's place (here a library whose soname is not a glibc loader's).
    tree.copy("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", FIXTURE_GREET);
    DirectoryRoot root(tree.dir());
    KeepSet keep = close_keep_set(
        root, record_of({{"/usr/bin/hello", kExec}, {"/opt/greet/libgreet.so.1", kRead}}), {});
    CHECK(keep.warnings == warning);
  }
}

TEST_CASE("a library of another machine in a search directory is skipped, as ld.so skips it") {
  TestTree tree;
  tree.glibc_base();
  tree.copy("/opt/app/bin/hello", FIXTURE_HELLO_RUNPATH);
  tree.file("/opt/app/lib/libgreet.so.1", "not an ELF: a linker script or garbage");
  tree.copy("/usr/lib/x86_64-linux-gnu/libgreet.so.1", FIXTURE_GREET);
  DirectoryRoot root(tree.dir());
  KeepSet keep = close_keep_set(root, record_of({{"/opt/app/bin/hello", kExec}}), {});
  CHECK(keep.entries.count("/usr/lib/x86_64-linux-gnu/libgreet.so.1") == 1);
  CHECK(keep.entries.count("/opt/app/lib/libgreet.so.1") == 0);
}

TEST_CASE("a hard link pair stays a hard link pair") {
  TestTree tree;
  tree.file("/usr/bin/perl5.36", "#!perl", 0755);
  tree.hardlink("/usr/bin/perl", "/usr/bin/perl5.36");
  DirectoryRoot root(tree.dir());

  KeepSet both =
      close_keep_set(root, record_of({{"/usr/bin/perl", kExec}, {"/usr/bin/perl5.36", kRead}}), {});
  CHECK(both.entries.at("/usr/bin/perl").hardlink_to.empty());
  CHECK(both.entries.at("/usr/bin/perl5.36").hardlink_to == "/usr/bin/perl");

  KeepSet one = close_keep_set(root, record_of({{"/usr/bin/perl5.36", kExec}}), {});
  CHECK(kept_paths(one) == std::vector<std::string>{"/usr", "/usr/bin", "/usr/bin/perl5.36"});
  CHECK(one.entries.at("/usr/bin/perl5.36").hardlink_to.empty());
}

TEST_CASE(
    "what the record names: absent paths dropped, written-into dirs kept, runtime paths skipped") {
  TestTree tree;
  tree.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  tree.file("/etc/group", "root:x:0:\n");
  tree.file("/etc/nsswitch.conf", "passwd: files\n");
  tree.file("/etc/hosts", "127.0.0.1 localhost\n");
  tree.file("/etc/shadow", "secret");
  tree.mkdir("/var/log/app", 0750);
  tree.file("/var/log/app/old.log", "old");
  tree.mkdir("/data");
  tree.file("/data/big.bin", std::string(1000, 'x'));
  tree.mkdir("/proc");
  tree.mkdir("/dev");
  tree.file("/dev/null", "");
  tree.file("/.minify/sensor", "sensor");
  tree.symlink("/etc/mtab", "../proc/self/mounts");
  tree.mkdir("/run");
  tree.symlink("/var/run", "/run");
  make_socket(tree.host("/run/app.sock"));
  DirectoryRoot root(tree.dir());

  KeepSet keep = close_keep_set(root,
                                record_of({{"/var/log/app/new.log", kCreate | kWrite},
                                           {"/var/run/app.pid", kCreate | kWrite},
                                           {"/data", kStat},
                                           {"/usr/lib/python3.11/missing.py", kStat},
                                           {"/etc/hosts", kRead},
                                           {"/etc/mtab", kRead},
                                           {"/dev/null", kRead | kWrite},
                                           {"/proc/self/status", kRead},
                                           {"/.minify/sensor", kExec},
                                           {"/run/app.sock", kSocket}}),
                                {});
  CHECK(kept_paths(keep) == std::vector<std::string>{"/data", "/etc", "/etc/group", "/etc/mtab",
                                                     "/etc/nsswitch.conf", "/etc/passwd", "/run",
                                                     "/var", "/var/log", "/var/log/app",
                                                     "/var/run"});
  CHECK(keep.entries.at("/var/log/app").reason == "written-into");
  CHECK(keep.entries.at("/var/log/app").info.mode == 0750);
  CHECK(keep.entries.at("/run").reason == "written-into");
  CHECK(keep.entries.at("/etc/passwd").reason == "default");
  CHECK(skipped_lines(keep) == std::vector<std::string>{
                                   "/.minify/sensor: the sensor's own directory",
                                   "/dev/null: runtime filesystem /dev",
                                   "/etc/hosts: created by the engine in every container",
                                   "/etc/mtab: symlink target not in the image",
                                   "/proc/self/status: not in the image",
                                   "/run/app.sock: socket",
                                   "/usr/lib/python3.11/missing.py: not in the image",
                                   "/var/log/app/new.log: created at run time",
                                   "/var/run/app.pid: created at run time",
                               });
}

TEST_CASE("a symlink loop in the record is skipped and named") {
  TestTree tree;
  tree.symlink("/a", "b");
  tree.symlink("/b", "a");
  DirectoryRoot root(tree.dir());
  KeepSet keep = close_keep_set(root, record_of({{"/a", kRead}}), {});
  CHECK(kept_paths(keep) == std::vector<std::string>{"/a", "/b"});
  CHECK(skipped_lines(keep) == std::vector<std::string>{"/a: symlink loop"});
}

TEST_CASE("an escaping symlink in the record keeps the root's file, never the host's") {
  TestTree tree;
  tree.file("/etc/shadow", "tree");
  tree.symlink("/app/etc", "../../../../etc");
  DirectoryRoot root(tree.dir());
  KeepSet keep = close_keep_set(
      root, record_of({{"/app/etc/shadow", kRead}, {"/app/etc/../../../etc/gshadow", kRead}}), {});
  CHECK(kept_paths(keep) == std::vector<std::string>{"/app", "/app/etc", "/etc", "/etc/shadow"});
  CHECK(keep.entries.at("/etc/shadow").info.size == 4);
  CHECK(skipped_lines(keep) ==
        std::vector<std::string>{"/app/etc/../../../etc/gshadow: symlink target not in the image"});
}

TEST_CASE("CA certificates are kept when the app touched TLS, not otherwise") {
  TestTree tree;
  tree.file("/usr/lib/x86_64-linux-gnu/libssl.so.3", "not really");
  tree.file("/usr/share/ca-certificates/mozilla/Root_CA.crt", "CERT");
  tree.file("/etc/ssl/certs/ca-certificates.crt", "BUNDLE");
  tree.symlink("/etc/ssl/certs/Root_CA.pem", "/usr/share/ca-certificates/mozilla/Root_CA.crt");
  tree.file("/etc/ssl/private/key.pem", "KEY");
  tree.file("/etc/app.conf", "x");
  DirectoryRoot root(tree.dir());

  KeepSet plain = close_keep_set(root, record_of({{"/etc/app.conf", kRead}}), {});
  CHECK(kept_paths(plain) == std::vector<std::string>{"/etc", "/etc/app.conf"});

  const std::vector<std::string> with_certs = {"/etc",
                                               "/etc/ssl",
                                               "/etc/ssl/certs",
                                               "/etc/ssl/certs/Root_CA.pem",
                                               "/etc/ssl/certs/ca-certificates.crt",
                                               "/usr",
                                               "/usr/share",
                                               "/usr/share/ca-certificates",
                                               "/usr/share/ca-certificates/mozilla",
                                               "/usr/share/ca-certificates/mozilla/Root_CA.crt"};
  KeepSet by_lib =
      close_keep_set(root, record_of({{"/usr/lib/x86_64-linux-gnu/libssl.so.3", kRead}}), {});
  std::vector<std::string> expected = with_certs;
  expected.insert(expected.end(), {"/usr/lib", "/usr/lib/x86_64-linux-gnu",
                                   "/usr/lib/x86_64-linux-gnu/libssl.so.3"});
  std::sort(expected.begin(), expected.end());
  CHECK(kept_paths(by_lib) == expected);
  CHECK(by_lib.entries.at("/etc/ssl/certs/ca-certificates.crt").reason == "tls");

  KeepSet by_dir = close_keep_set(root, record_of({{"/etc/ssl/certs", kStat}}), {});
  CHECK(kept_paths(by_dir) == with_certs);
}

TEST_CASE("the host's own /usr/bin/ls: the closure holds every library ldd lists") {
  DirectoryRoot root("/");
  KeepSet keep = close_keep_set(root, record_of({{"/usr/bin/ls", kExec}}), {});
  const auto ldd = minify::test::run_process({"ldd", "/usr/bin/ls"});
  REQUIRE(ldd.status == 0);
  std::istringstream lines(ldd.out);
  int libraries = 0;
  for (std::string text; std::getline(lines, text);) {
    // "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "\t/lib64/ld-linux... (0x...)"
    auto arrow = text.find("=> ");
    auto start = arrow == std::string::npos ? text.find('/') : arrow + 3;
    if (start == std::string::npos) continue;  // linux-vdso.so.1
    std::string path = text.substr(start);
    path = path.substr(0, path.find(" ("));
    if (path.empty() || path[0] != '/') continue;  // linux-vdso.so.1
    CAPTURE(path);
    CHECK(keep.entries.count(std::filesystem::canonical(path).string()) == 1);
    ++libraries;
  }
  CHECK(libraries >= 3);
  CHECK(keep.warnings.empty());
}
