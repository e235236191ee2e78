// The static sensor inside real containers of the python-web fixture (scripts/build-fixtures):
// copied in as the engine's archive API would, the image's own command traced, the record read
// back out. Containers are labelled `minify`, named after this test's pid and always removed.

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "record/record.h"
#include "support/fixture_images.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace minify::record;

using namespace minify::test;

namespace {

constexpr const char* kImage = "minify-fixture/python-web";

// A container with the sensor as its entrypoint and /.minify/sensor copied in; removed at the end.
class SensorContainer {
 public:
  SensorContainer(const std::string& suffix, const std::vector<std::string>& caps,
                  const std::vector<std::string>& sensor_args, const std::string& image = kImage,
                  const std::string& create_options = "") {
    name_ = "minify-sensor-test-" + std::to_string(getpid()) + "-" + suffix;
    // As the host runs it: as root (whatever the image's USER), which the sensor passes on.
    std::string command =
        "docker create --label minify --user 0 " + create_options + " --name " + name_;
    for (const auto& cap : caps) command += " --cap-add " + cap;
    command += " --entrypoint /.minify/sensor " + image;
    for (const auto& arg : sensor_args) command += " " + shell_quote(arg);
    REQUIRE(run_shell(command + " >/dev/null").status == 0);
    // The directory does not exist in the image: a tar with .minify/sensor, as the host sends it.
    TempDir staging;
    std::filesystem::create_directories(staging / ".minify");
    std::filesystem::copy_file(std::string(MINIFY_BINARY_DIR) + "/sensor",
                               staging / ".minify/sensor");
    REQUIRE(run_shell("tar -C " + staging.path().string() + " -cf - .minify | docker cp - " +
                      name_ + ":/")
                .status == 0);
  }
  ~SensorContainer() { run_shell("docker rm -f " + name_ + " >/dev/null 2>&1"); }

  const std::string& name() const { return name_; }
  ProcessResult docker(const std::string& args) const { return run_shell("docker " + args); }
  int exit_code() const {
    return std::stoi(run_shell("docker inspect -f '{{.State.ExitCode}}' " + name_).out);
  }
  std::string logs() const { return run_shell("docker logs " + name_ + " 2>&1").out; }
  Record record() const {
    ProcessResult tar = run_shell("docker cp " + name_ + ":/.minify/record.json - | tar -xOf -");
    REQUIRE(tar.status == 0);
    return record_from_json(nlohmann::json::parse(tar.out));
  }

 private:
  std::string name_;
};

// The first recorded path matching `pattern`, or "".
std::string find_path(const Record& record, const std::string& pattern) {
  std::regex re(pattern);
  for (const auto& entry : record.paths) {
    if (std::regex_match(entry.path, re)) return entry.path;
  }
  return "";
}

const PathEntry* entry_of(const Record& record, const std::string& path) {
  for (const auto& entry : record.paths) {
    if (entry.path == path) return &entry;
  }
  return nullptr;
}

bool has_warning(const Record& record, const std::string& text) {
  for (const auto& w : record.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

// What the image prints when run as is (no sensor), stdout and stderr.
std::string native_output(const std::string& image) {
  return run_shell("docker run --rm --label minify " + image + " 2>&1").out;
}

}  // namespace

TEST_CASE("python-web under the sensor: imported modules, served files, fanotify, clean stop") {
  require_fixture_image(kImage);
  SensorContainer c("web", {"SYS_PTRACE", "SYS_ADMIN"}, {"--", "python3", "/app/server.py"});
  REQUIRE(c.docker("start " + c.name() + " >/dev/null").status == 0);
  bool listening = false;
  for (int i = 0; i < 200 && !listening; ++i) {
    listening = c.logs().find("listening on :8080") != std::string::npos;
    if (!listening) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_MESSAGE(listening, c.logs());
  // A probe from outside the traced tree (docker exec): only fanotify can see what it opens.
  ProcessResult probe = c.docker("exec " + c.name() +
                                 " python3 -c \"import urllib.request as u; "
                                 "print(u.urlopen('http://127.0.0.1:8080/about').status)\"");
  CHECK(probe.out == "200\n");
  REQUIRE(c.docker("stop -t 20 " + c.name() + " >/dev/null").status == 0);
  CHECK(c.exit_code() == 0);  // SIGTERM forwarded; the app's handler exits 0

  Record r = c.record();
  CHECK(r.complete);
  CHECK(r.exit_status == 0);
  CHECK(r.fanotify);
  CHECK_FALSE(has_warning(r, "fanotify"));
  CHECK_FALSE(has_warning(r, "no_new_privs"));
  // Under the engine's default seccomp profile the notifying filter is allowed and used.
  CHECK(r.interception == "seccomp-notify");
  CHECK_FALSE(has_warning(r, "seccomp"));
  // With CAP_SYS_ADMIN the engine's default profile lets the sensor load its eBPF program: the
  // interpreter's readlink of its own path (to find its prefix) was recorded in the kernel.
  CHECK(r.bpf_syscalls == std::vector<std::string>{"readlink"});
  CHECK_FALSE(has_warning(r, "eBPF"));
  const PathEntry* python3 = entry_of(r, "/usr/bin/python3");
  REQUIRE(python3 != nullptr);
  CHECK((python3->ops & kReadlink) != 0);
  CHECK((python3->sources & kBpf) != 0);
  REQUIRE(!r.processes.empty());
  CHECK(r.processes[0].argv == std::vector<std::string>{"python3", "/app/server.py"});
  CHECK(r.processes[0].exe == "/usr/bin/python3");
  CHECK(r.processes[0].exit_code == 0);

  // The modules server.py imports, as the interpreter found them: the source stat'ed (without it
  // the cached bytecode is ignored), the bytecode in __pycache__ read.
  const std::string lib = find_path(r, "/usr/lib/python3\\.[0-9]+/http/server\\.py");
  REQUIRE_MESSAGE(!lib.empty(), "no http/server.py in the record");
  const std::string stdlib = lib.substr(0, lib.size() - std::string("/http/server.py").size());
  const std::string tag =
      "cpython-" + std::regex_replace(stdlib, std::regex(".*python(\\d)\\.(\\d+)"), "$1$2");
  for (const char* module :
       {"http/server", "pathlib", "socketserver", "signal", "email/parser", "encodings/__init__"}) {
    std::string name = module;
    std::string dir = name.find('/') == std::string::npos ? "" : name.substr(0, name.find('/') + 1);
    std::string base = name.substr(dir.size());
    const PathEntry* source = entry_of(r, stdlib + "/" + name + ".py");
    REQUIRE_MESSAGE(source != nullptr, name);
    CHECK((source->ops & kStat) != 0);
    const PathEntry* bytecode =
        entry_of(r, stdlib + "/" + dir + "__pycache__/" + base + "." + tag + ".pyc");
    REQUIRE_MESSAGE(bytecode != nullptr, name);
    CHECK((bytecode->ops & kRead) != 0);
    CHECK((bytecode->sources & kPtrace) != 0);
  }
  const PathEntry* python = entry_of(r, "/usr/bin/python3");
  REQUIRE(python != nullptr);
  CHECK((python->ops & kExec) != 0);
  const PathEntry* script = entry_of(r, "/app/server.py");
  REQUIRE(script != nullptr);
  CHECK((script->ops & kRead) != 0);
  const PathEntry* about = entry_of(r, "/app/templates/about.html");
  REQUIRE(about != nullptr);
  CHECK((about->sources & kPtrace) != 0);
  CHECK(entry_of(r, "/app/data/quotes.txt") == nullptr);  // never requested
  // The exec probe imported urllib.request, which the server never does: seen by fanotify alone.
  const PathEntry* urllib = entry_of(r, stdlib + "/urllib/__pycache__/request." + tag + ".pyc");
  REQUIRE(urllib != nullptr);
  CHECK(urllib->sources == kFanotify);
  // The sensor's own directory is not part of what the app touched.
  CHECK(find_path(r, "/\\.minify.*").empty());
}

TEST_CASE("docker stop with a StopSignal the app has no handler for: a complete record at once") {
  // As apache2ctl gets SIGWINCH: natively the app, the container's first process, would ignore
  // it until the engine's SIGKILL; the sensor kills it at once and writes its whole record,
  // where it used to wait for that SIGKILL and leave only its last partial record.
  require_fixture_image(kImage);
  SensorContainer c("stopsignal", {"SYS_PTRACE", "SYS_ADMIN"},
                    {"--stop-signal", "SIGWINCH", "--", "python3", "/app/server.py"}, kImage,
                    "--stop-signal SIGWINCH");
  REQUIRE(c.docker("start " + c.name() + " >/dev/null").status == 0);
  bool listening = false;
  for (int i = 0; i < 200 && !listening; ++i) {
    listening = c.logs().find("listening on :8080") != std::string::npos;
    if (!listening) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_MESSAGE(listening, c.logs());
  REQUIRE(c.docker("stop -t 60 " + c.name() + " >/dev/null").status == 0);
  CHECK(c.exit_code() == 137);
  Record r = c.record();
  CHECK(r.complete);
  CHECK(r.exit_status == 137);
  CHECK(has_warning(r, "the app does not handle the stop signal (SIGWINCH)"));
  CHECK(entry_of(r, "/app/server.py") != nullptr);
}

TEST_CASE("without CAP_SYS_ADMIN: ptrace alone, and the record says why") {
  require_fixture_image(kImage);
  SensorContainer c("nofan", {"SYS_PTRACE"},
                    {"--mode", "full", "--", "python3", "-c", "import json; exit(3)"});
  CHECK(c.docker("start -a " + c.name() + " >/dev/null").status == 3);
  CHECK(c.exit_code() == 3);
  Record r = c.record();
  CHECK(r.complete);
  CHECK(r.exit_status == 3);
  CHECK(r.mode == "full");
  CHECK_FALSE(r.fanotify);
  CHECK(has_warning(r, "fanotify unavailable: no CAP_SYS_ADMIN"));
  CHECK(has_warning(r, "no_new_privs"));
  CHECK(r.interception == "seccomp-notify");  // with no_new_privs, no CAP_SYS_ADMIN needed
  // No eBPF without CAP_SYS_ADMIN: readlink is handed over like the other path syscalls.
  CHECK(r.bpf_syscalls.empty());
  CHECK(has_warning(r, "eBPF unavailable"));
  const PathEntry* python3 = entry_of(r, "/usr/bin/python3");
  REQUIRE(python3 != nullptr);
  CHECK(python3->sources == kPtrace);
  CHECK((python3->ops & kReadlink) != 0);
  CHECK_FALSE(find_path(r, "/usr/lib/python3\\.[0-9]+/json/__init__\\.py").empty());
  CHECK(r.syscalls.size() > 20);  // full mode: every syscall number the interpreter made
}

TEST_CASE("--user resolves names from the image's own /etc/passwd") {
  require_fixture_image(kImage);
  SensorContainer c("user", {"SYS_PTRACE", "SYS_ADMIN"},
                    {"--user", "nobody", "--", "python3", "-c",
                     "import os; print(os.getuid(), os.getgid(), os.getgroups())"});
  CHECK(c.docker("start -a " + c.name() + " >/dev/null").status == 0);
  CHECK(c.logs() == "65534 65534 [65534]\n");
}

TEST_CASE("an untraced process left behind (docker exec -d) does not keep the container alive") {
  require_fixture_image(kImage);
  SensorContainer c("orphan", {"SYS_PTRACE", "SYS_ADMIN"},
                    {"--", "python3", "-c", "import time; time.sleep(3); exit(5)"});
  REQUIRE(c.docker("start " + c.name() + " >/dev/null").status == 0);
  // Its parent (the runtime's exec helper) exits at once: the sleep is reparented to PID 1.
  REQUIRE(c.docker("exec -d " + c.name() + " sleep 600").status == 0);
  auto started = std::chrono::steady_clock::now();
  ProcessResult waited = c.docker("wait " + c.name());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(waited.out == "5\n");
  CHECK(seconds < 30);
  Record r = c.record();
  CHECK(r.complete);
  CHECK(r.exit_status == 5);
}

TEST_CASE("a FROM-scratch image: no libc, no /etc/passwd, the static sensor still traces") {
  const std::string image = "minify-fixture/static";
  require_fixture_image(image);
  SensorContainer c("scratch", {"SYS_PTRACE", "SYS_ADMIN"}, {"--", "/hello"}, image);
  CHECK(c.docker("start -a " + c.name() + " >/dev/null").status == 0);
  CHECK(c.logs() == native_output(image));
  Record r = c.record();
  CHECK(r.exit_status == 0);
  CHECK(r.fanotify);
  const PathEntry* hello = entry_of(r, "/hello");
  REQUIRE(hello != nullptr);
  CHECK((hello->ops & kExec) != 0);
}

TEST_CASE(
    "the image's USER, known only to the image's /etc/passwd: same output as without sensor") {
  const std::string image = "minify-fixture/nonroot";
  require_fixture_image(image);
  // As the host runs it: the sensor as root, the image's USER passed on, its Cmd after "--".
  SensorContainer c("nonroot", {"SYS_PTRACE", "SYS_ADMIN"},
                    {"--user", "app", "--", "/bin/sh", "/home/app/run.sh"}, image);
  CHECK(c.docker("start -a " + c.name() + " >/dev/null").status == 0);
  CHECK(c.logs() == native_output(image));  // uid, gid, HOME and a 0600 file only app may read
  Record r = c.record();
  CHECK(r.exit_status == 0);
  CHECK(entry_of(r, "/home/app/run.sh") != nullptr);
}
