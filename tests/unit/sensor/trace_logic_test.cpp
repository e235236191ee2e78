// The tracing runtime's pure logic: path joining, users and groups from an image's files, the
// syscall table. Its command line is lib/protocol's (tests/unit/protocol).

#include <doctest/doctest.h>
#include <sys/syscall.h>

#include <fstream>

#include "record/record.h"
#include "trace/path_join.h"
#include "trace/signal_names.h"
#include "trace/signal_relay.h"
#include "trace/syscall_table.h"
#include "trace/user_lookup.h"
#include "unit/sensor/sensor_runner.h"

using namespace minify::sensor;

namespace {

std::string joined(std::string_view base, std::string_view path) {
  std::string out;
  join_path(base, path, out);
  return out;
}

}  // namespace

TEST_CASE("join_path: absolute, joined, '.' and '//' dropped, '..' kept") {
  CHECK(joined("/cwd", "/etc/passwd") == "/etc/passwd");
  CHECK(joined("/cwd", "a/b") == "/cwd/a/b");
  CHECK(joined("/cwd/", "./a//b/./c/") == "/cwd/a/b/c");
  CHECK(joined("/cwd", "../x") == "/cwd/../x");
  CHECK(joined("/", ".") == "/");
  CHECK(joined("/", "//") == "/");
  CHECK(joined("/a", "") == "/a");
}

TEST_CASE("resolve_user reads the image's own passwd and group files") {
  testing::TempDir root;
  std::filesystem::create_directories(root.path() / "etc");
  std::ofstream(root.path() / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n"
                                               "app:x:1000:1001:App:/home/app:/bin/sh\n"
                                               "# a comment\n";
  std::ofstream(root.path() / "etc/group") << "root:x:0:\napp:x:1001:\nwww:x:33:app,other\n"
                                              "audio:x:29:other\nstaff:x:50:app\n";
  Credentials app = resolve_user("app", root.path());
  CHECK(app.uid == 1000);
  CHECK(app.gid == 1001);
  CHECK(app.groups == std::vector<gid_t>{1001, 33, 50});
  CHECK(app.home == "/home/app");

  Credentials by_uid = resolve_user("1000", root.path());
  CHECK(by_uid.gid == 1001);
  CHECK(by_uid.groups == std::vector<gid_t>{1001, 33, 50});

  Credentials with_group = resolve_user("app:www", root.path());
  CHECK(with_group.gid == 33);
  CHECK(with_group.groups == std::vector<gid_t>{33, 50});

  Credentials unknown_uid = resolve_user("4242:77", root.path());
  CHECK(unknown_uid.uid == 4242);
  CHECK(unknown_uid.gid == 77);
  CHECK(unknown_uid.groups == std::vector<gid_t>{77});
  CHECK_FALSE(unknown_uid.home);
  CHECK(resolve_user("4242", root.path()).gid == 0);

  CHECK_THROWS_WITH(resolve_user("ghost", root.path()), doctest::Contains("no user 'ghost'"));
  CHECK_THROWS_WITH(resolve_user("app:ghosts", root.path()),
                    doctest::Contains("no group 'ghosts'"));
  CHECK_THROWS(resolve_user("app:", root.path()));
  CHECK_THROWS(resolve_user(":1", root.path()));
}

TEST_CASE("which syscalls may fail with EINTR natively") {
  CHECK(may_fail_with_eintr(SYS_read));
  CHECK(may_fail_with_eintr(SYS_wait4));
  CHECK(may_fail_with_eintr(SYS_futex));
  CHECK_FALSE(may_fail_with_eintr(SYS_newfstatat));
  CHECK_FALSE(may_fail_with_eintr(SYS_getpid));
  CHECK_FALSE(may_fail_with_eintr(SYS_execve));
  CHECK_FALSE(may_fail_with_eintr(SYS_openat));  // only for a FIFO or a device: checked on the file
}

TEST_CASE("the syscall table") {
  using minify::record::kCreate;
  using minify::record::kDelete;
  const SyscallSpec* openat = find_syscall(SYS_openat);
  REQUIRE(openat != nullptr);
  CHECK(openat->kind == SyscallKind::kOpen);
  CHECK(openat->args[0].path == 1);
  CHECK(openat->args[0].dirfd == 0);
  const SyscallSpec* renameat2 = find_syscall(SYS_renameat2);
  REQUIRE(renameat2 != nullptr);
  CHECK(renameat2->args[0].ops == kDelete);
  CHECK(renameat2->args[1].ops == kCreate);
  CHECK(find_syscall(SYS_read) == nullptr);
  CHECK(find_syscall(-1) == nullptr);
  CHECK(find_syscall(100000) == nullptr);
  for (const auto& spec : path_syscalls()) CHECK_MESSAGE(find_syscall(spec.nr) == &spec, spec.name);
}

TEST_CASE("signal_number reads a StopSignal as the engine does") {
  CHECK(signal_number("SIGWINCH") == SIGWINCH);
  CHECK(signal_number("winch") == SIGWINCH);
  CHECK(signal_number("SigQuit") == SIGQUIT);
  CHECK(signal_number("15") == SIGTERM);
  CHECK(signal_number("RTMIN") == 34);
  CHECK(signal_number("SIGRTMIN+3") == 37);  // systemd's
  CHECK(signal_number("RTMAX-1") == 63);
  CHECK(signal_number("RTMAX") == 64);
  CHECK_FALSE(signal_number("SIGNOPE"));
  CHECK_FALSE(signal_number("0"));
  CHECK_FALSE(signal_number("65"));
  CHECK_FALSE(signal_number("RTMIN+31"));
  CHECK_FALSE(signal_number("RTMIN+x"));
  CHECK_FALSE(signal_number(""));
}

TEST_CASE("relayed signals: all an app may be stopped with, none the sensor needs itself") {
  for (int sig : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGPWR, 37, 64})
    CHECK_MESSAGE(is_relayed_signal(sig), sig);
  for (int sig :
       {SIGKILL, SIGSTOP, SIGCHLD, SIGALRM, SIGSEGV, SIGPIPE, SIGTSTP, SIGCONT, 32, 33, 0, 65})
    CHECK_FALSE_MESSAGE(is_relayed_signal(sig), sig);
}
