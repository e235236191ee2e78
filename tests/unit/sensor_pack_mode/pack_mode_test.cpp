#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "pack_mode/pack_command.h"
#include "protocol/pack_summary.h"
#include "protocol/sensor_protocol.h"
#include "record/record.h"
#include "support/process.h"
#include "unit/analysis/test_tree.h"

using minify::record::kCreate;
using minify::record::kExec;
using minify::record::kRead;
using minify::record::kWrite;
using minify::testing::record_of;
using minify::testing::TestTree;

namespace {

// The file capability "cap_net_bind_service=ep" as setcap stores it (VFS_CAP_REVISION_2).
const std::string kNetBindCapability(
    "\x01\x00\x00\x02\x00\x04\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00",
    20);

struct TarEntry {
  std::string name;
  mode_t type = 0;
  mode_t perm = 0;
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string symlink;
  std::string hardlink;
  std::map<std::string, std::string> xattrs;
  std::string bytes;
  std::int64_t mtime = 0;
};

std::vector<TarEntry> read_tar(const std::string& path) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  REQUIRE(archive_read_open_filename(a.get(), path.c_str(), 1 << 16) == ARCHIVE_OK);
  std::vector<TarEntry> out;
  archive_entry* e = nullptr;
  int r;
  // ARCHIVE_WARN: a name the locale cannot convert, kept as its bytes.
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    TarEntry t;
    t.name = archive_entry_pathname(e);
    t.type = archive_entry_filetype(e);
    t.perm = archive_entry_perm(e);
    t.uid = archive_entry_uid(e);
    t.gid = archive_entry_gid(e);
    t.mtime = archive_entry_mtime(e);
    if (const char* s = archive_entry_symlink(e)) t.symlink = s;
    if (const char* h = archive_entry_hardlink(e)) t.hardlink = h;
    archive_entry_xattr_reset(e);
    const char* name;
    const void* value;
    size_t size;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
      t.xattrs[name] = std::string(static_cast<const char*>(value), size);
    }
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) t.bytes.append(buf, n);
    REQUIRE(n == 0);
    out.push_back(std::move(t));
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_record(const std::string& path, const minify::record::Record& record) {
  std::ofstream(path) << minify::record::to_json(record).dump();
}

// An image tree with what pack mode must carry over: ELF closure behind symlinks, a hard link
// pair, a file capability, owners and special modes, a directory the app wrote into.
struct PackFixture {
  TestTree tree;
  TestTree work;  // record, tar and summary live outside the image root
  minify::record::Record record;

  PackFixture() {
    tree.glibc_base();
    tree.copy("/opt/app/bin/hello", FIXTURE_HELLO_RUNPATH);
    tree.copy("/opt/app/lib/libgreet.so.1", FIXTURE_GREET);
    tree.file("/usr/bin/perl5.36", "#!perl", 0755);
    tree.hardlink("/usr/bin/perl", "/usr/bin/perl5.36");
    tree.file("/usr/bin/ping", "ping", 04750);
    REQUIRE(::chown(tree.host("/usr/bin/ping").c_str(), 1234, 5678) == 0);
    REQUIRE(::chmod(tree.host("/usr/bin/ping").c_str(), 04750) == 0);  // chown clears setuid
    REQUIRE(::setxattr(tree.host("/usr/bin/ping").c_str(), "security.capability",
                       kNetBindCapability.data(), kNetBindCapability.size(), 0) == 0);
    REQUIRE(::setxattr(tree.host("/usr/bin/ping").c_str(), "user.origin", "debian", 6, 0) == 0);
    tree.mkdir("/var/cache/app", 0700);
    REQUIRE(::chown(tree.host("/var/cache/app").c_str(), 42, 43) == 0);
    tree.file("/var/cache/app/stale", "old");
    tree.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    tree.file("/usr/share/doc/big.txt", std::string(10000, 'd'));
    record = record_of({{"/opt/app/bin/hello", kExec},
                        {"/bin/perl", kExec},
                        {"/usr/bin/perl5.36", kRead},
                        {"/usr/bin/ping", kExec},
                        {"/var/cache/app/new", kCreate | kWrite},
                        {"/etc/hosts", kRead}});
    write_record(work.host("/record.json"), record);
  }
  std::string rec() const { return work.host("/record.json"); }
  std::string out() const { return work.host("/out.tar"); }
  std::string summary() const { return work.host("/summary.json"); }
};

const std::vector<std::string> kExpectedNames = {
    "bin",
    "etc/",
    "etc/passwd",
    "lib",
    "lib64",
    "opt/",
    "opt/app/",
    "opt/app/bin/",
    "opt/app/bin/hello",
    "opt/app/lib/",
    "opt/app/lib/libgreet.so.1",
    "usr/",
    "usr/bin/",
    "usr/bin/perl",
    "usr/bin/perl5.36",
    "usr/bin/ping",
    "usr/lib/",
    "usr/lib/x86_64-linux-gnu/",
    "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "usr/lib/x86_64-linux-gnu/libc.so.6",
    "usr/lib64/",
    "usr/lib64/ld-linux-x86-64.so.2",
    "var/",
    "var/cache/",
    "var/cache/app/",
};

void check_tar(const std::string& tar_path, const TestTree& tree) {
  std::vector<TarEntry> entries = read_tar(tar_path);
  std::vector<std::string> names;
  std::map<std::string, TarEntry> by_name;
  for (const auto& e : entries) {
    names.push_back(e.name);
    by_name[e.name] = e;
  }
  CHECK(names == kExpectedNames);  // exactly these, in this order

  const TarEntry& hello = by_name["opt/app/bin/hello"];
  CHECK(hello.type == AE_IFREG);
  CHECK(hello.perm == 0755);
  CHECK(hello.bytes == slurp(tree.host("/opt/app/bin/hello")));
  CHECK(by_name["usr/lib/x86_64-linux-gnu/libc.so.6"].bytes ==
        slurp("/usr/lib/x86_64-linux-gnu/libc.so.6"));

  CHECK(by_name["lib"].type == AE_IFLNK);
  CHECK(by_name["lib"].symlink == "usr/lib");
  CHECK(by_name["usr/lib64/ld-linux-x86-64.so.2"].symlink ==
        "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");

  CHECK(by_name["usr/bin/perl"].bytes == "#!perl");
  CHECK(by_name["usr/bin/perl5.36"].hardlink == "usr/bin/perl");
  CHECK(by_name["usr/bin/perl5.36"].bytes.empty());

  const TarEntry& ping = by_name["usr/bin/ping"];
  CHECK(ping.perm == 04750);
  CHECK(ping.uid == 1234);
  CHECK(ping.gid == 5678);
  CHECK(ping.xattrs.at("security.capability") == kNetBindCapability);
  CHECK(ping.xattrs.at("user.origin") == "debian");

  const TarEntry& cache = by_name["var/cache/app/"];
  CHECK(cache.type == AE_IFDIR);
  CHECK(cache.perm == 0700);
  CHECK(cache.uid == 42);
  CHECK(cache.gid == 43);
}

int run_sensor_binary(const std::vector<std::string>& args, std::string& err) {
  std::string command = std::string(MINIFY_BINARY_DIR) + "/sensor pack";
  for (const auto& a : args) command.append(" ").append(minify::test::shell_quote(a));
  const auto run = minify::test::run_shell(command + " 2>&1");
  err += run.out;
  return run.status;
}

}  // namespace

TEST_CASE("pack mode writes exactly the keep-set with its bytes, modes, owners, links and xattrs") {
  PackFixture f;
  REQUIRE(minify::sensor::run_pack_command(
              {"pack", f.rec(), f.out(), "--root", f.tree.dir(), "--summary", f.summary()}) == 0);
  check_tar(f.out(), f.tree);

  auto summary = nlohmann::json::parse(slurp(f.summary()));
  CHECK(summary["summary_version"] == 3);
  CHECK(summary["kept"]["files"] == 7);
  CHECK(summary["kept"]["hardlinks"] == 1);
  CHECK(summary["image"]["files"] == 10);  // + big.txt, stale, and perl's second name
  CHECK(summary["skipped"] == nlohmann::json::parse(R"([
      {"path": "/etc/hosts", "reason": "not in the image"},
      {"path": "/var/cache/app/new", "reason": "created at run time"}])"));
  CHECK(summary["tar"]["entries"] == kExpectedNames.size());
  CHECK(summary["timings_ms"].contains("closure"));
  // What the host reads back: the protocol's PackSummary, every field present.
  minify::protocol::PackSummary typed = minify::protocol::PackSummary::from_json(summary);
  CHECK(typed.kept.files == 7);
  CHECK(typed.tar.entries == kExpectedNames.size());
  // One kept_files entry per tar entry, each with a reason; kept and dropped make the image.
  CHECK(typed.kept_files.size() == kExpectedNames.size());
  for (const auto& file : typed.kept_files) CHECK_FALSE(file.reasons.empty());
  CHECK(typed.kept.files + typed.kept.hardlinks + typed.dropped.files == typed.image.files);
  CHECK(typed.kept.bytes + typed.dropped.bytes == typed.image.bytes);
  CHECK_FALSE(std::filesystem::exists(f.out() + ".part"));
}

TEST_CASE("the tar is the layer as it will be loaded: path order, directories at mtime 0") {
  PackFixture f;
  // A directory's mtime in the root says when it was made, not anything of the image.
  struct timespec times[2] = {{0, UTIME_OMIT}, {1'700'000'000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, f.tree.host("/var/cache/app").c_str(), times, 0) == 0);
  REQUIRE(::utimensat(AT_FDCWD, f.tree.host("/etc/passwd").c_str(), times, 0) == 0);
  REQUIRE(minify::sensor::run_pack_command({"pack", f.rec(), f.out(), "--root", f.tree.dir()}) ==
          0);
  auto entries = read_tar(f.out());
  REQUIRE(!entries.empty());
  std::string previous;
  for (const auto& e : entries) {
    CAPTURE(e.name);
    std::string name = e.name.ends_with('/') ? e.name.substr(0, e.name.size() - 1) : e.name;
    CHECK(previous < name);
    previous = name;
    if (e.type == AE_IFDIR) CHECK(e.mtime == 0);
  }
  for (const auto& e : entries)
    if (e.name == "etc/passwd") CHECK(e.mtime == 1'700'000'000);  // files keep theirs
}

TEST_CASE("--await: the pack starts once the file appears, not before") {
  PackFixture f;
  const std::string marker = f.work.host("/record.ready");
  int status = -1;
  std::thread pack([&] {
    status = minify::sensor::run_pack_command(
        {"pack", f.rec(), f.out(), "--root", f.tree.dir(), "--await", marker});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(std::filesystem::exists(f.out()));
  std::ofstream(marker).flush();
  pack.join();
  CHECK(status == 0);
  check_tar(f.out(), f.tree);
}

TEST_CASE("the static build/sensor binary packs the same tree") {
  PackFixture f;
  std::string err;
  REQUIRE(run_sensor_binary({f.rec(), f.out(), "--root", f.tree.dir()}, err) == 0);
  CHECK(err.rfind("sensor pack: kept 7 of 10 files", 0) == 0);
  check_tar(f.out(), f.tree);
}

TEST_CASE(
    "--hold: the done line once the tar and the summary are whole, then it waits for a stop") {
  PackFixture f;
  const std::string done = std::string(minify::protocol::kPackDoneLine) + "\n";
  int looks_after_done = 0;
  bool stopped = false;
  std::string summary_when_done;
  minify::test::ProcessResult run = minify::test::run_process(
      {std::string(MINIFY_BINARY_DIR) + "/sensor", "pack", f.rec(), f.out(), "--root", f.tree.dir(),
       "--summary", f.summary(), "--hold"},
      [&](pid_t pid, const minify::test::ProcessResult& so_far) {
        if (so_far.out != done || stopped) return;
        if (looks_after_done++ == 0) summary_when_done = slurp(f.summary());
        // Still there a few looks (~50 ms each) later: it holds, it did not just exit.
        if (looks_after_done == 4) {
          stopped = true;
          ::kill(pid, SIGTERM);
        }
      });
  CHECK(stopped);
  CHECK(run.status == 0);  // it took the SIGTERM it waits for, rather than dying of it (143)
  CHECK(run.out == done);
  CHECK(run.err.rfind("sensor pack: kept 7 of 10 files", 0) == 0);
  // Whole when it said so: the summary as it stayed, the tar complete.
  CHECK(summary_when_done == slurp(f.summary()));
  CHECK(nlohmann::json::parse(summary_when_done)["tar"]["entries"] == kExpectedNames.size());
  check_tar(f.out(), f.tree);

  // A failure still exits, with its message, and says nothing on stdout.
  minify::test::ProcessResult failed = minify::test::run_process(
      {std::string(MINIFY_BINARY_DIR) + "/sensor", "pack", f.work.host("/missing.json"), f.out(),
       "--root", f.tree.dir(), "--hold"});
  CHECK(failed.status == 1);
  CHECK(failed.out.empty());
  CHECK(failed.err == "sensor pack: cannot read the record " + f.work.host("/missing.json") + "\n");
}

namespace {

// Everything in the pipe `fd` (opened O_NONBLOCK) until its writer closes it.
std::string drain_pipe(int fd) {
  std::string bytes;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      bytes.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      return bytes;
    } else {
      REQUIRE(errno == EAGAIN);
      pollfd ready{fd, POLLIN, 0};
      ::poll(&ready, 1, 1000);
    }
  }
}

}  // namespace

TEST_CASE("--stream: the streaming line first, then the summary and the same tar in the pipe") {
  PackFixture f;
  REQUIRE(minify::sensor::run_pack_command({"pack", f.rec(), f.out(), "--root", f.tree.dir()}) ==
          0);
  const std::string file_tar = slurp(f.out());
  std::filesystem::remove(f.out());
  REQUIRE(file_tar.size() > (2u << 20));  // libc: more than the pipe holds without a reader

  const std::string pipe = f.work.host("/layer.pipe");
  REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
  int reader = ::open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(reader >= 0);
  const std::string streaming = std::string(minify::protocol::kPackStreamingLine) + "\n";
  std::string streamed;
  bool stopped = false;
  minify::test::ProcessResult run = minify::test::run_process(
      {std::string(MINIFY_BINARY_DIR) + "/sensor", "pack", f.rec(), f.out(), "--root", f.tree.dir(),
       "--summary", f.summary(), "--hold", "--stream", pipe},
      [&](pid_t pid, const minify::test::ProcessResult& so_far) {
        if (so_far.out != streaming || stopped) return;
        // Said before anything goes into the pipe: the sensor is blocked on the full pipe until
        // it is read.
        streamed = drain_pipe(reader);
        stopped = true;
        ::kill(pid, SIGTERM);
      });
  ::close(reader);
  CHECK(stopped);
  CHECK(run.status == 0);
  CHECK(run.out == streaming);
  INFO(run.err);
  CHECK(run.err.find("entries in " + pipe) != std::string::npos);
  // One line of summary, then the tar.
  const auto end_of_summary = streamed.find('\n');
  REQUIRE(end_of_summary != std::string::npos);
  CHECK(streamed.substr(end_of_summary + 1) == file_tar);  // byte for byte: the same slim image id
  auto summary = minify::protocol::PackSummary::from_json(
      nlohmann::json::parse(streamed.substr(0, end_of_summary)));
  CHECK(summary.tar.streamed);
  CHECK(summary.tar.size == file_tar.size());
  CHECK(summary.tar.entries == kExpectedNames.size());
  CHECK(summary.kept.files == 7);
  // No file of either: the pipe held them.
  CHECK_FALSE(std::filesystem::exists(f.out()));
  CHECK_FALSE(std::filesystem::exists(f.summary()));
}

TEST_CASE("--stream falls back to the files when the pipe cannot be opened at once") {
  PackFixture f;
  std::string reference_tar;
  REQUIRE(minify::sensor::run_pack_command(
              {"pack", f.rec(), f.out(), "--root", f.tree.dir(), "--summary", f.summary()}) == 0);
  reference_tar = slurp(f.out());
  std::filesystem::remove(f.out());
  const std::string pipe = f.work.host("/layer.pipe");
  std::string why;
  SUBCASE("a pipe nobody reads") {
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    why = "No such device or address";
  }
  SUBCASE("no pipe at all") {
    why = "No such file or directory";
  }
  SUBCASE("a regular file, left as it is") {
    std::ofstream(pipe) << "planted";
    why = "not a pipe";
  }
  std::string err;
  REQUIRE(run_sensor_binary({f.rec(), f.out(), "--root", f.tree.dir(), "--summary", f.summary(),
                             "--stream", pipe},
                            err) == 0);
  CHECK(err.rfind("sensor pack: cannot stream to " + pipe + " (" + why +
                      "): the summary and the tar go to their files\n",
                  0) == 0);
  CHECK(slurp(f.out()) == reference_tar);
  auto summary =
      minify::protocol::PackSummary::from_json(nlohmann::json::parse(slurp(f.summary())));
  CHECK_FALSE(summary.tar.streamed);
  CHECK(summary.tar.size == reference_tar.size());
  if (why == "not a pipe") CHECK(slurp(pipe) == "planted");
}

TEST_CASE("pack mode rules: include, include-exe on the given PATH, exclude") {
  PackFixture f;
  REQUIRE(minify::sensor::run_pack_command({"pack", f.rec(), f.out(), "--root", f.tree.dir(),
                                            "--include", "/usr/share/doc", "--include-exe",
                                            "perl5.36", "--path-env", "/usr/bin", "--exclude",
                                            "/usr/bin/ping", "--exclude", "*.so.1"}) == 0);
  std::vector<std::string> names;
  for (const auto& e : read_tar(f.out())) names.push_back(e.name);
  auto has = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  CHECK(has("usr/share/doc/big.txt"));
  CHECK_FALSE(has("usr/bin/ping"));
  CHECK_FALSE(has("opt/app/lib/libgreet.so.1"));
  CHECK(has("usr/lib/x86_64-linux-gnu/libc.so.6"));
}

TEST_CASE("errors: one line, the right exit status, no tar left behind") {
  PackFixture f;
  std::string err;
  CHECK(run_sensor_binary({f.work.host("/missing.json"), f.out(), "--root", f.tree.dir()}, err) ==
        1);
  CHECK(err == "sensor pack: cannot read the record " + f.work.host("/missing.json") + "\n");

  f.work.file("/corrupt.json", "{\"format_version\": 1");
  err.clear();
  CHECK(run_sensor_binary({f.work.host("/corrupt.json"), f.out(), "--root", f.tree.dir()}, err) ==
        1);
  CHECK(err.rfind("sensor pack: the record " + f.work.host("/corrupt.json") + " is not JSON", 0) ==
        0);

  err.clear();
  CHECK(run_sensor_binary(
            {f.rec(), f.out(), "--root", f.tree.dir(), "--include-bin", "/usr/bin/python3"}, err) ==
        1);
  CHECK(err == "sensor pack: --include-bin: /usr/bin/python3 is not a file in the image\n");

  err.clear();
  CHECK(run_sensor_binary({f.rec(), f.work.host("/no/such/dir/out.tar"), "--root", f.tree.dir()},
                          err) == 1);
  CHECK(err.rfind("sensor pack: cannot create " + f.work.host("/no/such/dir/out.tar.part"), 0) ==
        0);

  err.clear();
  CHECK(run_sensor_binary({f.rec()}, err) == 2);
  CHECK(err == "sensor pack: OUT is required (see sensor pack --help)\n");
  CHECK_FALSE(std::filesystem::exists(f.out()));
  CHECK_FALSE(std::filesystem::exists(f.out() + ".part"));
}

TEST_CASE("--help prints the pack usage and exits 0, wherever an option may stand") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"-h"}, {"record.json", "--help"}}) {
    std::string out;
    CHECK(run_sensor_binary(args, out) == 0);
    CHECK(out.rfind("Writes the tar of the keep-set of a record, against the image's root.\n"
                    "Usage: sensor pack [OPTIONS] RECORD OUT\n",
                    0) == 0);
    CHECK(out.find("  --include TEXT ...          absolute path or glob to keep;") !=
          std::string::npos);
  }
  std::string err;
  CHECK(run_sensor_binary({"r", "o", "--bogus"}, err) == 2);
  CHECK(err == "sensor pack: unknown option '--bogus' (see sensor pack --help)\n");
}

TEST_CASE("names are bytes: UTF-8 and Latin-1 names and link targets reach the tar unchanged") {
  const std::string pem =
      "NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem";
  const std::string latin1 = "/data/caf\xE9.txt";
  TestTree tree;
  TestTree work;
  tree.file("/etc/ssl/certs/" + pem, "cert");
  tree.symlink("/etc/ssl/certs/6b99d060.0", pem);
  tree.file(latin1, "latin-1");
  tree.file("/data/tab\there", "control");
  // Before, the record itself could not be written: its JSON refused the Latin-1 name.
  write_record(work.host("/record.json"), record_of({{"/etc/ssl/certs/6b99d060.0", kRead},
                                                     {latin1, kRead},
                                                     {"/data/tab\there", kRead},
                                                     {"/data/gone-caf\xE9", kRead}}));

  auto check = [&](const std::string& tar) {
    std::map<std::string, TarEntry> by_name;
    for (auto& e : read_tar(tar)) by_name[e.name] = e;
    CHECK(by_name.at("etc/ssl/certs/" + pem).bytes == "cert");
    CHECK(by_name.at("etc/ssl/certs/6b99d060.0").symlink == pem);
    CHECK(by_name.at(latin1.substr(1)).bytes == "latin-1");
    CHECK(by_name.at("data/tab\there").bytes == "control");
  };
  SUBCASE("in process") {
    REQUIRE(minify::sensor::run_pack_command({"pack", work.host("/record.json"),
                                              work.host("/out.tar"), "--root", tree.dir(),
                                              "--summary", work.host("/summary.json")}) == 0);
    check(work.host("/out.tar"));
    auto typed = minify::protocol::PackSummary::from_json(
        nlohmann::json::parse(slurp(work.host("/summary.json"))));
    REQUIRE(typed.skipped.size() == 1);
    CHECK(typed.skipped[0].path == "/data/gone-caf\xE9");
  }
  SUBCASE("the static build/sensor binary") {
    std::string err;
    REQUIRE(run_sensor_binary(
                {work.host("/record.json"), work.host("/out.tar"), "--root", tree.dir()}, err) ==
            0);
    check(work.host("/out.tar"));
  }
}
