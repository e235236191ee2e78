// The sensor tracing real programs on the host: the exact paths and operations in the record.

#include <doctest/doctest.h>
#include <sys/syscall.h>

#include <algorithm>
#include <fstream>

#include "unit/sensor/sensor_runner.h"

using namespace minify::record;
using namespace minify::sensor::testing;

namespace {

// The tests that take it run three times: the syscalls handed over as seccomp user
// notifications (the default) and as ptrace stops (the fallback), readlink recorded in the kernel
// by the eBPF program; and notifications with readlink handed over too (--no-bpf, as where eBPF
// is unavailable). All must record exactly the same files.
struct Interception {
  std::vector<std::string> options;
  std::string recorded;        // the record's "interception"
  std::uint32_t readlinks_by;  // the source that records a readlink
};
Interception each_interception() {
  Interception how;
  SUBCASE("seccomp notifications") {
    how = {{"--no-fanotify", "--intercept", "notify"}, "seccomp-notify", kBpf};
  }
  SUBCASE("ptrace stops") {
    how = {{"--no-fanotify", "--intercept", "ptrace"}, "ptrace", kBpf};
  }
  SUBCASE("seccomp notifications, readlink handed over") {
    how = {{"--no-fanotify", "--no-bpf", "--intercept", "notify"}, "seccomp-notify", kPtrace};
  }
  return how;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("a shell script that cats and stats files: its interpreter, commands and files") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("data/a.txt");
  dir.touch("data/b.txt");
  {
    std::ofstream script(dir / "script.sh");
    script << "#!/bin/sh\ncat " << (dir / "data/a.txt") << " > /dev/null\ncd " << (dir / "data")
           << "\nstat b.txt > /dev/null\nexit 3\n";
  }
  std::filesystem::permissions(dir / "script.sh", std::filesystem::perms::owner_all);

  SensorRun run = run_sensor(dir, how.options, {dir / "script.sh"});
  CHECK(run.status == 3);
  CHECK(run.record.interception == how.recorded);
  const Record& r = run.record;
  CHECK(r.complete);
  CHECK(r.mode == "files");
  CHECK(r.arch == "x86_64");
  CHECK_FALSE(r.fanotify);
  CHECK(r.exit_status == 3);
  CHECK(r.sensor_version == MINIFY_VERSION);
  CHECK((ops_of(r, dir / "script.sh") & kExec) != 0);
  CHECK((ops_of(r, "/bin/sh") & kExec) != 0);  // the "#!" interpreter, which no syscall names
  CHECK(ops_of(r, dir / "data/a.txt") == kRead);
  CHECK(sources_of(r, dir / "data/a.txt") == kPtrace);
  CHECK((ops_of(r, dir / "data") & kChdir) != 0);
  CHECK((ops_of(r, dir / "data/b.txt") & kStat) != 0);  // relative to the cwd
  CHECK((ops_of(r, "/usr/bin/cat") & kExec) != 0);
  CHECK((ops_of(r, "/usr/bin/stat") & kExec) != 0);
  // The first process that touched each path, as it was then: the shell (running the script)
  // changed into data/ and started cat, which read a.txt.
  CHECK(process_of(r, dir / "data/a.txt") == "/usr/bin/cat");
  CHECK(process_of(r, dir / "data/b.txt") == "/usr/bin/stat");
  CHECK(process_of(r, dir / "data") == dir / "script.sh");
  CHECK(process_of(r, "/usr/bin/cat") == dir / "script.sh");
  CHECK(std::is_sorted(r.paths.begin(), r.paths.end(),
                       [](const auto& a, const auto& b) { return a.path < b.path; }));
  REQUIRE(!r.processes.empty());
  CHECK(r.processes[0].argv == std::vector<std::string>{"/bin/sh", dir / "script.sh"});
  CHECK(r.processes[0].exe == dir / "script.sh");
  CHECK(r.processes[0].exit_code == 3);
  auto cats = processes_named(r, "cat");
  REQUIRE(cats.size() == 1);
  CHECK(cats[0].ppid == r.processes[0].pid);
  CHECK(cats[0].exe == "/usr/bin/cat");
  CHECK(cats[0].exit_code == 0);
}

TEST_CASE("openat with a dirfd, relative names, a chdir and a unix socket: exact paths") {
  const Interception how = each_interception();
  TempDir dir;
  for (const char* name : {"sub/read-me", "stat-me", "rename-from", "unlink-me", "access-me",
                           "sub/after-chdir", "truncate-me"}) {
    dir.touch(name);
  }
  std::filesystem::create_symlink("stat-me", dir.path() / "link");

  SensorRun run = run_sensor(dir, how.options, {program("file_ops"), dir.path().string()});
  CHECK(run.status == 0);
  CHECK(run.record.interception == how.recorded);
  const Record& r = run.record;
  CHECK((ops_of(r, dir.path().string()) & kRead) != 0);  // open(DIR, O_DIRECTORY)
  CHECK(ops_of(r, dir / "sub/read-me") == kRead);
  CHECK(ops_of(r, dir / "created") == (kWrite | kCreate));  // ".//created", normalised
  CHECK(ops_of(r, dir / "sub/../stat-me") == kStat);        // ".." left for lib/analysis
  CHECK(ops_of(r, dir / "link") == kReadlink);
  CHECK(ops_of(r, dir / "new-dir") == kCreate);
  CHECK(ops_of(r, dir / "rename-from") == kDelete);
  CHECK(ops_of(r, dir / "rename-to") == kCreate);
  CHECK(ops_of(r, dir / "unlink-me") == kDelete);
  CHECK(ops_of(r, dir / "access-me") == kStat);
  CHECK(ops_of(r, dir / "sub/after-chdir") == (kRead | kWrite));
  CHECK(ops_of(r, dir / "truncate-me") == kWrite);
  CHECK(ops_of(r, dir / "symlink-made") == kCreate);
  CHECK(ops_of(r, dir / "anything") == 0);  // a symlink's target is text, not a lookup
  CHECK(ops_of(r, dir / "sock") == kSocket);
  for (const auto& entry : r.paths) {
    CHECK_MESSAGE(entry.path.find("abstract-not-a-file") == std::string::npos, entry.path);
    CHECK_MESSAGE(entry.path.find("/./") == std::string::npos, entry.path);
    CHECK_MESSAGE(entry.path.find("//") == std::string::npos, entry.path);
  }
}

TEST_CASE("readlink, absolute and relative, before a chdir, in a child and a thread that end") {
  const Interception how = each_interception();
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "sub/deeper");
  for (const char* name : {"abs-link", "sub/rel-link", "sub/deeper/child-link", "thread-link"}) {
    std::filesystem::create_symlink("target", dir.path() / name);
  }

  SensorRun run = run_sensor(dir, how.options, {program("readlinks"), dir.path().string()});
  CHECK(run.status == 0);
  const Record& r = run.record;
  CHECK(r.interception == how.recorded);
  CHECK(r.bpf_syscalls == (how.readlinks_by == kBpf ? std::vector<std::string>{"readlink"}
                                                    : std::vector<std::string>{}));
  for (const char* name : {"abs-link", "sub/rel-link", "sub/deeper/child-link", "thread-link"}) {
    CHECK_MESSAGE(ops_of(r, dir / name) == kReadlink, name);
    CHECK_MESSAGE(sources_of(r, dir / name) == how.readlinks_by, name);
    CHECK_MESSAGE(process_of(r, dir / name) == program("readlinks"), name);
  }
  CHECK(ops_of(r, dir / "rel-link") == 0);  // not the cwd after the chdir that followed
  CHECK(r.warnings ==
        std::vector<std::string>{"fanotify off (--no-fanotify): recorded by ptrace alone"});
}

TEST_CASE("a readlink storm: every path comes through the eBPF ring as it wraps, none lost") {
  // 100,000 calls of about 230 bytes each in the ring: 23 MB through its 8 MiB, with no hand-over
  // between them to drain it, so the sensor must be woken as it fills.
  TempDir dir;
  std::vector<std::string> names;
  char name[200];
  for (int i = 0; i < 1000; ++i) {
    std::snprintf(name, sizeof name, "link-%03d-%0150d", i, 0);
    names.emplace_back(name);
  }
  SensorRun run = run_sensor(dir, {"--no-fanotify"},
                             {program("readlink_storm"), dir.path().string(), "100000"});
  CHECK(run.status == 0);
  const Record& r = run.record;
  REQUIRE(r.bpf_syscalls == std::vector<std::string>{"readlink"});
  CHECK(r.warnings ==
        std::vector<std::string>{"fanotify off (--no-fanotify): recorded by ptrace alone"});
  for (const auto& n : names) {
    CHECK_MESSAGE(ops_of(r, dir / n) == kReadlink, n);
    CHECK_MESSAGE(sources_of(r, dir / n) == kBpf, n);
  }
  std::size_t under_dir = 0;
  for (const auto& entry : r.paths) under_dir += entry.path.starts_with(dir.path().string() + "/");
  CHECK(under_dir == names.size());  // nothing garbled on the way
  auto count = std::find_if(r.syscalls.begin(), r.syscalls.end(),
                            [](const SyscallCount& c) { return c.nr == SYS_readlink; });
  REQUIRE(count != r.syscalls.end());
  CHECK(count->count >= 100000);
}

TEST_CASE("readlink by a process outside the traced tree is not recorded") {
  TempDir dir;
  std::filesystem::create_symlink("target", dir.path() / "untraced-link");
  // The app waits for the test's readlink, made while the eBPF program watches.
  StartedSensor started =
      start_sensor(dir, {"--no-fanotify"},
                   {"/bin/sh", "-c", ": >\"$1\"; while [ ! -e \"$2\" ]; do sleep 0.01; done", "sh",
                    dir / "started", dir / "go"});
  REQUIRE(wait_for_file(dir / "started", 10));
  CHECK(std::filesystem::read_symlink(dir.path() / "untraced-link") == "target");
  dir.touch("go");
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 0);
  CHECK(run.record.bpf_syscalls == std::vector<std::string>{"readlink"});
  CHECK(ops_of(run.record, dir / "untraced-link") == 0);
  CHECK((ops_of(run.record, dir / "go") & kStat) != 0);  // the app itself is recorded
}

TEST_CASE("fork/exec chains: every process, its parent, argv, exe and exit code") {
  const Interception how = each_interception();
  TempDir dir;
  for (int level = 0; level <= 3; ++level) dir.touch("level-" + std::to_string(level));
  const std::string chain = program("fork_exec_chain");

  SensorRun run = run_sensor(dir, how.options, {chain, dir.path().string(), "3"});
  CHECK(run.status == 3);  // each level adds one to its child's status
  const Record& r = run.record;
  CHECK(run.record.interception == how.recorded);
  for (int level = 0; level <= 3; ++level) {
    CHECK(ops_of(r, dir / ("level-" + std::to_string(level))) == kRead);
  }
  CHECK((ops_of(r, chain) & kExec) != 0);
  // Three forked children, each seen at its fork (argv of the parent) and re-recorded at exec.
  auto chained = processes_named(r, chain);
  REQUIRE(chained.size() == 4);
  CHECK(chained[0].argv[2] == "3");
  CHECK(chained[0].exit_code == 3);
  for (std::size_t i = 1; i < chained.size(); ++i) {
    CHECK(chained[i].ppid == chained[i - 1].pid);
    CHECK(chained[i].argv[2] == std::to_string(3 - i));
    CHECK(chained[i].exe == chain);
    CHECK(chained[i].exit_code == static_cast<int>(3 - i));
  }
}

TEST_CASE("a vforked child that execs: its paths are read from its new program") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("parent-file");
  dir.touch("child-file");
  SensorRun run = run_sensor(dir, how.options, {program("vfork_exec"), dir.path().string()});
  CHECK(run.status == 0);
  CHECK(run.record.interception == how.recorded);
  CHECK(ops_of(run.record, dir / "child-file") == kRead);
  CHECK(process_of(run.record, dir / "child-file") == "/proc/self/exe");
  CHECK(ops_of(run.record, dir / "parent-file") == kRead);
  CHECK(process_of(run.record, dir / "parent-file") == program("vfork_exec"));
}

TEST_CASE("a multi-threaded program: the threads' files, one process") {
  const Interception how = each_interception();
  TempDir dir;
  for (const char* name : {"main", "thread-0", "thread-1", "thread-2", "thread-3"}) dir.touch(name);

  SensorRun run = run_sensor(dir, how.options, {program("threads"), dir.path().string()});
  CHECK(run.status == 0);
  CHECK(run.record.interception == how.recorded);
  for (const char* name : {"main", "thread-0", "thread-1", "thread-2", "thread-3"}) {
    CHECK_MESSAGE(ops_of(run.record, dir / name) == kRead, name);
  }
  CHECK(run.record.processes.size() == 1);  // threads are not processes
}

TEST_CASE("a daemonising program: the sensor follows the daemon until it exits") {
  const Interception how = each_interception();
  TempDir dir;
  SensorRun run = run_sensor(dir, how.options, {program("daemonize"), dir.path().string()});
  CHECK(run.status == 0);  // the original process's status
  CHECK(std::filesystem::exists(dir / "daemon-was-here"));
  CHECK(run.record.interception == how.recorded);
  CHECK(ops_of(run.record, dir / "daemon-was-here") == (kWrite | kCreate));
  REQUIRE(run.record.processes.size() == 3);
  CHECK(run.record.processes[1].ppid == run.record.processes[0].pid);
  CHECK(run.record.processes[2].ppid == run.record.processes[1].pid);
  CHECK(run.record.processes[2].exit_code == 0);
}

TEST_CASE("exec of a missing file: the attempt is recorded") {
  const Interception how = each_interception();
  TempDir dir;
  SensorRun run = run_sensor(dir, how.options, {program("exec_missing"), dir.path().string()});
  CHECK(run.status == 7);
  CHECK(run.record.interception == how.recorded);
  CHECK(ops_of(run.record, dir / "no-such-program") == kExec);
  CHECK(ops_of(run.record, dir / "no-such-relative") == kExec);
  REQUIRE(run.record.processes.size() == 1);
  CHECK(run.record.processes[0].exe == program("exec_missing"));
}

TEST_CASE("the app's own command missing: 127, recorded") {
  const Interception how = each_interception();
  TempDir dir;
  SensorRun run = run_sensor(dir, how.options, {dir / "not-there"});
  CHECK(run.status == 127);
  CHECK(run.record.exit_status == 127);
  CHECK(ops_of(run.record, dir / "not-there") == kExec);

  SensorRun in_path = run_sensor(dir, how.options, {"no-such-command-in-path-xyz"});
  CHECK(in_path.status == 127);
  CHECK(in_path.record.complete);
  REQUIRE(!in_path.record.warnings.empty());
}

TEST_CASE("a process that changes its uid stays traced") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("after-setuid");
  SensorRun run = run_sensor(dir, how.options, {program("change_uid"), dir.path().string()});
  CHECK(run.status == 0);
  CHECK(run.record.interception == how.recorded);
  CHECK(ops_of(run.record, dir / "after-setuid") == kRead);
}

TEST_CASE("full mode counts every syscall; files mode stops only on path syscalls") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("x");
  SensorRun full = run_sensor(dir, how.options + std::vector<std::string>{"--mode", "full"},
                              {"/bin/cat", dir / "x"});
  CHECK(full.status == 0);
  CHECK(full.record.interception == how.recorded);
  CHECK(full.record.mode == "full");
  auto count = [](const Record& r, int nr) -> std::uint64_t {
    for (const auto& s : r.syscalls) {
      if (s.nr == nr) return s.count;
    }
    return 0;
  };
  CHECK(count(full.record, SYS_read) > 0);
  CHECK(count(full.record, SYS_write) > 0);
  CHECK(count(full.record, SYS_exit_group) == 1);
  CHECK(count(full.record, SYS_execve) == 1);
  // Full mode also sees fstat, which libc makes as fstatat(fd, "", AT_EMPTY_PATH): the fd's file.
  CHECK(ops_of(full.record, dir / "x") == (kRead | kStat));
  CHECK(std::is_sorted(full.record.syscalls.begin(), full.record.syscalls.end(),
                       [](const auto& a, const auto& b) { return a.nr < b.nr; }));

  SensorRun files = run_sensor(dir, how.options, {"/bin/cat", dir / "x"});
  CHECK(files.record.mode == "files");
  CHECK(files.record.interception == how.recorded);
  CHECK(count(files.record, SYS_read) == 0);
  CHECK(count(files.record, SYS_openat) > 0);
  CHECK(ops_of(files.record, dir / "x") == kRead);
}

TEST_CASE("full mode with --granted: the granted syscalls run unseen, their files are recorded") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("x");
  // read and the fstat in disguise (newfstatat on an fd) are granted and not counted; openat and
  // execve are granted too but name files: still handed over, counted and recorded as in files
  // mode; write and exit_group are not granted: counted. "fstat" and a name unknown here ignored.
  SensorRun run = run_sensor(
      dir,
      how.options + std::vector<std::string>{"--mode", "full", "--granted",
                                             "read,fstat,newfstatat,openat,execve,no_such_call"},
      {"/bin/cat", dir / "x"});
  CHECK(run.status == 0);
  CHECK(run.record.interception == how.recorded);
  auto count = [](const Record& r, int nr) -> std::uint64_t {
    for (const auto& s : r.syscalls) {
      if (s.nr == nr) return s.count;
    }
    return 0;
  };
  CHECK(count(run.record, SYS_read) == 0);
  CHECK(count(run.record, SYS_fstat) == 0);
  CHECK(count(run.record, SYS_write) > 0);
  CHECK(count(run.record, SYS_close) > 0);
  CHECK(count(run.record, SYS_exit_group) == 1);
  CHECK(count(run.record, SYS_execve) == 1);
  CHECK(count(run.record, SYS_openat) > 0);
  CHECK(ops_of(run.record, dir / "x") == kRead);  // as in files mode: fstat(fd) names no file
  CHECK((ops_of(run.record, "/bin/cat") & kExec) != 0);
}

TEST_CASE("signals without SA_RESTART: no EINTR from stat or open of a file, as natively") {
  const Interception how = each_interception();
  TempDir dir;
  dir.touch("x");
  SensorRun run = run_sensor(dir, how.options, {program("signal_storm"), dir / "x"});
  CHECK(run.record.interception == how.recorded);
  CHECK(run.out == "stat/open EINTR: 0, read: EINTR\n");  // the pipe read keeps its EINTR
  CHECK(run.status == 0);
}

TEST_CASE("where the filter may not notify (a listener above it), ptrace stops do the same work") {
  TempDir dir;
  dir.touch("x");
  SensorRun run =
      run_sensor(dir, {"--no-fanotify"}, {"/bin/cat", dir / "x"}, {program("with_listener")});
  CHECK(run.status == 0);
  CHECK(run.record.interception == "ptrace");
  CHECK(std::any_of(run.record.warnings.begin(), run.record.warnings.end(),
                    [](const std::string& w) { return w.find("could not notify") != w.npos; }));
  CHECK(ops_of(run.record, dir / "x") == kRead);
  CHECK((ops_of(run.record, "/usr/bin/cat") & kExec) != 0);
}

TEST_CASE("fanotify sees the app's files too when the sensor may use it") {
  TempDir dir;
  dir.touch("seen-by-fanotify");
  SensorRun run = run_sensor(dir, {}, {"/bin/cat", dir / "seen-by-fanotify"});
  CHECK(run.status == 0);
  REQUIRE(run.record.fanotify);  // the host test runs as root with CAP_SYS_ADMIN
  CHECK(sources_of(run.record, dir / "seen-by-fanotify") == (kPtrace | kFanotify));
  CHECK(ops_of(run.record, dir / "seen-by-fanotify") == kRead);
  CHECK((ops_of(run.record, "/usr/bin/cat") & kExec) != 0);
  // Its own record is not among what the app touched.
  CHECK(ops_of(run.record, dir / "record.json") == 0);
  CHECK(ops_of(run.record, dir / "record.json.tmp") == 0);
}

TEST_CASE("the record is flushed while the app runs, complete only at the end") {
  TempDir dir;
  dir.touch("early");
  auto started = start_sensor(dir, {"--no-fanotify", "--flush-interval", "0.2"},
                              {"/bin/sh", "-c", "cat " + (dir / "early").string() + "; sleep 2"});
  std::optional<Record> partial;
  for (int i = 0; i < 500 && !(partial && ops_of(*partial, dir / "early")); ++i) {
    usleep(10 * 1000);
    partial = read_record(dir);
  }
  REQUIRE(partial);
  CHECK_FALSE(partial->complete);
  CHECK_FALSE(partial->exit_status);
  CHECK(ops_of(*partial, dir / "early") == kRead);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.record.complete);
  CHECK(run.record.exit_status == 0);
  CHECK(run.record.app_ms >= 1900);
  CHECK_FALSE(std::filesystem::exists(dir / "record.json.tmp"));
}

TEST_CASE("the TCP ports the app listens on, in its order, in the record and the ports file") {
  TempDir dir;
  for (const char* intercept : {"notify", "ptrace"}) {
    CAPTURE(intercept);
    // In a network namespace of its own: the program listens on the wildcard address.
    SensorRun run = run_sensor(dir, {"--no-fanotify", "--intercept", intercept},
                               {program("listen_ports"), "38970"}, {"/usr/bin/unshare", "--net"});
    REQUIRE(run.status == 0);
    // IPv6 first as it listened first; not the UDP port, nor the one bound but never listening,
    // nor the one on the loopback address only (38975, which listened before all); the one a
    // forked child listened on through a dup of an inherited socket.
    CHECK(run.record.listening_ports == std::vector<int>{38971, 38970, 38974});
    std::ifstream ports(dir / "record.json.ports");
    std::string text((std::istreambuf_iterator<char>(ports)), std::istreambuf_iterator<char>());
    CHECK(text == "38971\n38970\n38974\n");
  }
}
