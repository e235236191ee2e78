// A build stopped at every phase leaves nothing behind (issue 13). Ctrl-C (SIGINT): minify removes
// what it made and exits 130. SIGKILL: minify cleans nothing, its watch (lib/pipeline/run_watch.h)
// removes the containers, the build directory, the layer's import image and the loaded slim image
// within seconds. And what a dead run left without a watch is removed by the next run, never what
// a live run owns.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "build_test_support.h"
#include "support/engine_test_calls.h"
#include "support/minify_binary.h"
#include "support/test_engine.h"

using namespace minify::test;

namespace {

using Clock = std::chrono::steady_clock;

struct OwnedContainer {
  std::string id;
  std::string state;  // "running", "exited", ...
  std::string role;   // the `minify` label
};

// Containers whose minify.owner label names process `pid`.
std::vector<OwnedContainer> containers_of_run(pid_t pid) {
  ProcessResult listed =
      run_process({"docker", "ps", "-a", "--no-trunc", "--filter", "label=minify.owner", "--format",
                   "{{.ID}} {{.State}} {{.Label \"minify\"}} {{.Label \"minify.owner\"}}"});
  std::vector<OwnedContainer> found;
  std::istringstream lines(listed.out);
  for (std::string id, state, role, owner; lines >> id >> state >> role >> owner;) {
    auto first = owner.find('/');
    auto second = owner.find('/', first + 1);
    if (owner.substr(first + 1, second - first - 1) == std::to_string(pid))
      found.push_back({id, state, role});
  }
  return found;
}

// The build directories of process `pid` (lib/pipeline/temp_dir.h names them after it).
std::vector<std::filesystem::path> build_dirs_of(pid_t pid) {
  std::vector<std::filesystem::path> dirs;
  const std::string prefix = "minify-build-" + std::to_string(pid) + "-";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    if (entry.path().filename().string().starts_with(prefix)) dirs.push_back(entry.path());
  return dirs;
}

// The layer import images of process `pid` (lib/pipeline/layer_import.h names them after it).
std::vector<std::string> imports_of_run(pid_t pid) {
  ProcessResult listed =
      run_process({"docker", "images", "minify-layer-import", "--format", "{{.Tag}}"});
  std::vector<std::string> found;
  std::istringstream lines(listed.out);
  for (std::string tag; lines >> tag;)
    if (tag.starts_with(std::to_string(pid) + "-")) found.push_back(tag);
  return found;
}

// Whether minify's progress lines (plain on stderr, as in a pipe) say that `step` has started and
// not ended.
bool in_step(const std::string& err, const std::string& step) {
  auto started = err.find(step + ": started");
  return started != std::string::npos && err.find(step + ": done", started) == std::string::npos;
}

// Whether the build of process `pid` is in `phase` now: its analysis or verify container exists,
// or (pack, image) minify says it closes the keep-set or loads the slim image (the pack container
// exists from the app's start to the image's end, so it cannot tell).
bool in_phase(pid_t pid, const std::string& err, const std::string& phase,
              const std::string& slim) {
  if (phase == "pack") return in_step(err, "pack: closing the keep-set");
  if (phase == "image")
    return in_step(err, "image: loading " + slim) ||
           in_step(err, "image: loading " + slim + " (the layer through a pipe)");
  for (const auto& c : containers_of_run(pid))
    if (c.role == phase) return true;
  return false;
}

struct SignalledBuild {
  bool sent = false;
  pid_t pid = 0;
  ProcessResult outcome;
};

SignalledBuild build_stopped_in(const std::string& image, const std::string& slim,
                                const std::string& phase, int signal) {
  SignalledBuild s;
  s.outcome =
      run_minify({"build", image, "--tag", slim}, [&](pid_t pid, const ProcessResult& so_far) {
        s.pid = pid;
        if (!s.sent && in_phase(pid, so_far.err, phase, slim)) {
          ::kill(pid, signal);
          s.sent = true;
        }
      });
  return s;
}

// Waits up to `limit` for `done`; whether it came.
template <typename Done>
bool within(std::chrono::seconds limit, Done done) {
  auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

const char* const kPhases[] = {"analysis", "pack", "image", "verify"};

}  // namespace

TEST_CASE("Ctrl-C in every phase: everything minify made is removed, exit 130") {
  std::string image = unique_tag("interrupted");
  ImageCleanup cleanup(image);
  build_image("FROM minify-fixture/python-web\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "-ctrlc\n",
              image);
  for (const std::string phase : kPhases) {
    CAPTURE(phase);
    std::string slim = unique_tag("interrupted-slim");
    ImageCleanup slim_cleanup(slim);
    SignalledBuild s = build_stopped_in(image, slim, phase, SIGINT);
    INFO("minify stderr:\n" << s.outcome.err);
    REQUIRE(s.sent);
    CHECK(s.outcome.status == 130);
    CHECK(containers_of_run(s.pid).empty());
    CHECK(build_dirs_of(s.pid).empty());
    CHECK(imports_of_run(s.pid).empty());
    CHECK_FALSE(image_exists(test_engine(), slim));  // the slim image it loaded went too
  }
}

TEST_CASE("SIGKILL in every phase: nothing runs on, and everything goes within seconds") {
  std::string image = unique_tag("killed");
  ImageCleanup cleanup(image);
  build_image("FROM minify-fixture/python-web\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "-sigkill\n",
              image);
  for (const std::string phase : kPhases) {
    CAPTURE(phase);
    std::string slim = unique_tag("killed-slim");
    ImageCleanup slim_cleanup(slim);
    SignalledBuild s = build_stopped_in(image, slim, phase, SIGKILL);
    REQUIRE(s.sent);
    CHECK(s.outcome.status == 128 + SIGKILL);
    auto killed = Clock::now();
    CHECK(within(std::chrono::seconds(15), [&] {
      return containers_of_run(s.pid).empty() && build_dirs_of(s.pid).empty() &&
             imports_of_run(s.pid).empty() && !image_exists(test_engine(), slim);
    }));
    MESSAGE(phase << ": all gone " << std::chrono::duration<double>(Clock::now() - killed).count()
                  << " s after SIGKILL");
  }
}

TEST_CASE("the next run removes what a dead run left, never a live run's") {
  // A dead run: a process that has exited, whose pid and start time no process has now.
  std::string boot;
  std::getline(std::ifstream("/proc/sys/kernel/random/boot_id"), boot);
  pid_t dead = ::fork();
  if (dead == 0) _exit(0);
  std::string start_of_dead;
  {
    std::ifstream stat("/proc/" + std::to_string(dead) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    for (int n = 3; n <= 22; ++n) fields >> start_of_dead;
  }
  ::waitpid(dead, nullptr, 0);
  std::string self_start;
  {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    for (int n = 3; n <= 22; ++n) fields >> self_start;
  }
  auto make = [&](const std::string& name, pid_t pid, const std::string& start) {
    REQUIRE(
        run_process({"docker", "create", "--name", name, "--label", "minify=analysis", "--label",
                     "minify.owner=" + boot + "/" + std::to_string(pid) + "/" + start,
                     "minify-fixture/static"})
            .status == 0);
    auto dir =
        std::filesystem::temp_directory_path() / ("minify-build-" + std::to_string(pid) + "-" +
                                                  start + "-test" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "inside");
    return dir;
  };
  std::string dead_name = "minify-sr-dead-" + std::to_string(::getpid());
  std::string live_name = "minify-sr-live-" + std::to_string(::getpid());
  auto dead_dir = make(dead_name, dead, start_of_dead);
  auto live_dir = make(live_name, ::getpid(), self_start);

  // Any run that makes containers cleans first, even one that then fails at inspect.
  ProcessResult o = run_minify({"build", "minify-sr-no-such-image:1"});
  CHECK(o.status == 1);
  CHECK(run_process({"docker", "inspect", dead_name}).status != 0);
  CHECK_FALSE(std::filesystem::exists(dead_dir));
  CHECK(run_process({"docker", "inspect", live_name}).status == 0);
  CHECK(std::filesystem::exists(live_dir));
  run_process({"docker", "rm", "-f", live_name});
  std::filesystem::remove_all(live_dir);
}
