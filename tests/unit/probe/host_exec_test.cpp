#include "probe/host_exec.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace minify::probe;

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
  HostExecOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto r = run_host_command("sleep 30 & sleep 30", options, {});
  CHECK(r.failed);
  CHECK(r.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("check() throwing aborts the command") {
  int calls = 0;
  auto check = [&] {
    if (++calls > 2) throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(run_host_command("sleep 30", {}, check), "interrupted");
}
