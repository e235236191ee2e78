#include "probe/host_exec.h"

#include <doctest/doctest.h>
#include <sys/types.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/file_contents.h"
#include "support/temp_dir.h"

using namespace minify::probe;

namespace {

// Whether `pid` has exited (gone, or a zombie not reaped yet) by `timeout`: SIGKILL is delivered
// asynchronously.
bool ended_within(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    const char state = line.at(line.rfind(')') + 2);
    if (state == 'Z' || state == 'X') return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("host commands see the published addresses") {
  HostExecOptions options;
  options.ports = {{6379, 49153}, {80, 32768}};
  auto r = run_host_command("echo $MINIFY_HOST $MINIFY_PORT_6379 $MINIFY_PORT_80", options, {});
  CHECK(r.answered);
  CHECK_FALSE(r.failed);
  CHECK(r.status == 0);
  CHECK(r.output == "127.0.0.1 49153 32768\n");
}

TEST_CASE("a non-zero exit fails, with stderr kept") {
  auto r = run_host_command("echo oops >&2; exit 3", {}, {});
  CHECK(r.failed);
  CHECK(r.status == 3);
  CHECK(r.error == "oops\n");
}

TEST_CASE("a command past its timeout is killed, with its children") {
  minify::test::TempDir dir;
  const std::string pids = (dir / "pids").string();
  HostExecOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  // Two children of the command's shell, one in the background and one it waits for, each
  // writing its pid before it sleeps.
  auto r = run_host_command(
      "sleep 30 & echo $! >> " + pids + "; sh -c 'echo $$ >> " + pids + "; exec sleep 30'", options,
      {});
  CHECK(r.failed);
  CHECK(r.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));

  std::vector<pid_t> children;
  std::istringstream lines(minify::test::read_file(pids));
  for (pid_t pid; lines >> pid;) children.push_back(pid);
  REQUIRE(children.size() == 2);
  for (pid_t child : children) {
    CAPTURE(child);
    CHECK(ended_within(child, std::chrono::seconds(2)));
  }
}

TEST_CASE("check() throwing aborts the command") {
  int calls = 0;
  auto check = [&] {
    if (++calls > 2) throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(run_host_command("sleep 30", {}, check), "interrupted");
}
