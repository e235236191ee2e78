// The sensor's PID 1 duties on the host: signal forwarding, the grace period, exit statuses,
// running as another user, failures that still leave a record.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "protocol/sensor_protocol.h"
#include "unit/sensor/sensor_runner.h"

using namespace minify::record;
using namespace minify::sensor::testing;

TEST_CASE("exit statuses propagate: a code as is, a signal as 128 + signal") {
  TempDir dir;
  CHECK(run_sensor(dir, {"--no-fanotify"}, {"/bin/sh", "-c", "exit 3"}).status == 3);
  CHECK(run_sensor(dir, {"--no-fanotify"}, {"/bin/true"}).status == 0);
  SensorRun killed = run_sensor(dir, {"--no-fanotify"}, {"/bin/sh", "-c", "kill -KILL $$"});
  CHECK(killed.status == 137);
  CHECK(killed.record.exit_status == 137);
  REQUIRE(!killed.record.processes.empty());
  CHECK(killed.record.processes[0].exit_signal == SIGKILL);
  CHECK_FALSE(killed.record.processes[0].exit_code);
}

TEST_CASE("SIGTERM to the sensor reaches the app's handler; the app's status is the sensor's") {
  TempDir dir;
  auto started =
      start_sensor(dir, {"--no-fanotify"}, {program("signal_exit"), dir.path().string(), "handle"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 42);
  CHECK(std::filesystem::exists(dir / "got-term"));
  CHECK(run.record.complete);
  CHECK(run.record.exit_status == 42);
  CHECK(ops_of(run.record, dir / "got-term") == (kWrite | kCreate));
}

TEST_CASE("other signals are forwarded without stopping the app") {
  TempDir dir;
  auto started =
      start_sensor(dir, {"--no-fanotify"}, {program("signal_exit"), dir.path().string(), "usr1"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  // No handler for SIGHUP: natively the app, the container's first process, never sees it.
  kill(started.pid, SIGHUP);
  for (int i = 1; i <= 2; ++i) {
    kill(started.pid, SIGUSR1);
    CHECK(wait_for_file(dir / ("usr1-" + std::to_string(i)), 10));
  }
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 2);  // the app counted both SIGUSR1 and exited with the count
}

namespace {

bool warned(const Record& record, const std::string& text) {
  for (const auto& w : record.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an app that handles the stop signal and carries on is killed after the grace period") {
  TempDir dir;
  auto started = start_sensor(dir, {"--no-fanotify", "--grace", "0.5"},
                              {program("signal_exit"), dir.path().string(), "stay"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(std::filesystem::exists(dir / "got-term"));
  CHECK(run.status == 137);
  CHECK(run.record.complete);
  CHECK(run.record.exit_status == 137);
  CHECK(warned(run.record, "after the stop signal: killed 1 process"));
}

TEST_CASE("a stop signal the app has no handler for: killed at once, not after the grace") {
  // Natively the app is the container's first process: the kernel drops a signal it has no
  // handler for, and the engine kills it after its own grace. The sensor skips the wait.
  TempDir dir;
  auto started = start_sensor(dir, {"--no-fanotify", "--grace", "30"},
                              {program("signal_exit"), dir.path().string(), "ignore"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 137);
  CHECK(run.record.complete);
  CHECK(warned(run.record, "the app does not handle the stop signal (SIGTERM)"));
}

TEST_CASE("--stop-signal: the image's StopSignal (apache's SIGWINCH) reaches the app's handler") {
  TempDir dir;
  auto started = start_sensor(dir, {"--no-fanotify", "--stop-signal", "winch"},
                              {program("signal_exit"), dir.path().string(), "winch"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGWINCH);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 42);
  CHECK(std::filesystem::exists(dir / "got-winch"));
  CHECK(ops_of(run.record, dir / "got-winch") == (kWrite | kCreate));

  // The same app under a shell that does not handle SIGWINCH (apache2ctl without exec): the
  // stop changes nothing natively until the engine's SIGKILL. Killed at once.
  TempDir shell_dir;
  std::string app = program("signal_exit") + " " + shell_dir.path().string() + " winch; true";
  auto shell =
      start_sensor(shell_dir, {"--no-fanotify", "--stop-signal", "SIGWINCH", "--grace", "30"},
                   {"/bin/sh", "-c", app});
  REQUIRE(wait_for_file(shell_dir / "ready", 10));
  kill(shell.pid, SIGWINCH);
  SensorRun shell_run = finish_sensor(shell_dir, shell);
  CHECK(shell_run.status == 137);
  CHECK_FALSE(std::filesystem::exists(shell_dir / "got-winch"));
  CHECK(warned(shell_run.record, "the app does not handle the stop signal (SIGWINCH)"));
}

TEST_CASE("the app exits on the stop signal: what it left running is killed at once") {
  // As when a container's first process ends: the engine does not wait for the rest.
  TempDir dir;
  // Ready only once the background child runs sleep: killed before its exec, it would be a
  // forked shell and not the sleep the record is searched for.
  std::string app =
      "/bin/sleep 600 & until [ \"$(cat /proc/$!/comm)\" = sleep ]; do :; done; exec " +
      program("signal_exit") + " " + dir.path().string() + " handle";
  auto started = start_sensor(dir, {"--no-fanotify", "--grace", "30"}, {"/bin/sh", "-c", app});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 42);
  CHECK(warned(run.record, "killed what it left running: 1 process"));
  auto sleeps = processes_named(run.record, "/bin/sleep");
  REQUIRE(sleeps.size() == 1);
  CHECK(sleeps[0].exit_signal == SIGKILL);
}

TEST_CASE("--user switches to a name or to numeric ids, supplementary groups included") {
  TempDir dir;
  setenv("HOME", "/root", 1);  // as the engine sets it for a root container: becomes the user's
  SensorRun nobody = run_sensor(dir, {"--no-fanotify", "--user", "nobody"}, {program("print_ids")});
  CHECK(nobody.status == 0);
  // Debian: nobody is 65534:65534 (nogroup), member of no other group, home /nonexistent.
  CHECK(nobody.out == "65534 65534 65534 /nonexistent\n");

  SensorRun numeric =
      run_sensor(dir, {"--no-fanotify", "--user", "1234:2345"}, {program("print_ids")});
  CHECK(numeric.status == 0);
  CHECK(numeric.out.rfind("1234 2345 2345 ", 0) == 0);

  SensorRun with_group =
      run_sensor(dir, {"--no-fanotify", "--user", "nobody:daemon"}, {program("print_ids")});
  CHECK(with_group.out.rfind("65534 1 1 ", 0) == 0);

  SensorRun root = run_sensor(dir, {"--no-fanotify", "--user", "0"}, {program("print_ids")});
  CHECK(root.out == "0 0 0 /root\n");
}

TEST_CASE("failures to start still leave a record and a clear status") {
  TempDir dir;
  SensorRun unknown =
      run_sensor(dir, {"--no-fanotify", "--user", "no-such-user-xyz"}, {"/bin/true"});
  CHECK(unknown.status == 125);
  CHECK(unknown.record.complete);
  CHECK(unknown.record.exit_status == 125);
  REQUIRE(unknown.record.warnings.size() >= 1);
  CHECK(unknown.record.warnings.back().find("no-such-user-xyz") != std::string::npos);

  SensorRun usage = run_sensor(dir, {"--mode", "bogus"}, {"/bin/true"});
  CHECK(usage.status == 125);

  TempDir plain;
  plain.touch("not-executable");
  SensorRun denied = run_sensor(plain, {"--no-fanotify"}, {plain / "not-executable"});
  CHECK(denied.status == 126);
  CHECK(denied.record.exit_status == 126);
  bool said = false;
  for (const auto& w : denied.record.warnings)
    said |= w.find("not-executable") != std::string::npos;
  CHECK(said);
}

TEST_CASE("--hold: stopped, the sensor writes the final record at its own path and waits") {
  TempDir dir;
  auto started = start_sensor(dir, {"--no-fanotify", "--hold"},
                              {program("signal_exit"), dir.path().string(), "handle"});
  REQUIRE(wait_for_file(dir / "ready", 10));
  kill(started.pid, SIGTERM);
  const std::string final_record =
      minify::protocol::final_record_path((dir / "record.json").string());
  REQUIRE(wait_for_file(final_record, 10));
  // Whole once it appears (written aside, then renamed), and final.
  std::ifstream in(final_record);
  Record record = record_from_json(nlohmann::json::parse(in));
  CHECK(record.complete);
  CHECK(record.exit_status == 42);
  CHECK(ops_of(record, dir / "got-term") == (kWrite | kCreate));
  // It holds: still running a while after, until the host kills it (here: a stop signal again,
  // which ends the hold with the app's status).
  usleep(300 * 1000);
  int status = 0;
  CHECK(waitpid(started.pid, &status, WNOHANG) == 0);
  kill(started.pid, SIGTERM);
  SensorRun run = finish_sensor(dir, started);
  CHECK(run.status == 42);
}

TEST_CASE("--hold: an app that ends by itself ends the sensor as without it") {
  TempDir dir;
  SensorRun run = run_sensor(dir, {"--no-fanotify", "--hold"}, {"/bin/sh", "-c", "exit 3"});
  CHECK(run.status == 3);
  CHECK(run.record.complete);
  CHECK(run.record.exit_status == 3);
  CHECK_FALSE(
      std::filesystem::exists(minify::protocol::final_record_path((dir / "record.json").string())));
}
