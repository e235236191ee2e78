// Which run owns a container or a build directory, and whether it is dead (run_owner.h,
// temp_dir.h), and what a later run removes (leftovers.h).

#include "pipeline/run_owner.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pipeline/leftovers.h"
#include "pipeline/temp_dir.h"
#include "support/fake_engine.h"
#include "support/temp_dir.h"

using namespace minify::pipeline;

namespace {

// A run that has ended: a child that exited, with its start time read while it lived.
RunOwner ended_run() {
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t child = ::fork();
  if (child == 0) {
    ::close(ready[1]);
    char c;
    (void)!::read(ready[0], &c, 1);
    _exit(0);
  }
  RunOwner owner = RunOwner::self();
  owner.pid = child;
  owner.start = process_start(child).value();
  ::close(ready[1]);  // the child reads EOF and exits
  ::waitpid(child, nullptr, 0);
  ::close(ready[0]);
  return owner;
}

}  // namespace

TEST_CASE("an owner label reads back; anything else is not a label") {
  RunOwner self = RunOwner::self();
  CHECK(RunOwner::parse(self.label()) == self);
  CHECK(RunOwner::parse("b00t/12/345") == RunOwner{"b00t", 12, 345});
  for (const char* bad : {"", "b/12", "/12/3", "b/x/3", "b/12/", "b/0/3", "b/-4/3", "b/12/3x"})
    CHECK_FALSE(RunOwner::parse(bad));
}

TEST_CASE("this run is alive; an ended one is dead; a reused pid or another boot is not ours") {
  RunOwner self = RunOwner::self();
  CHECK_FALSE(self.dead());
  CHECK(ended_run().dead());
  RunOwner reused = self;
  reused.start += 1;  // this pid, another start: the pid was reused
  CHECK(reused.dead());
  RunOwner elsewhere = ended_run();
  elsewhere.boot_id = "another-boot";
  CHECK_FALSE(elsewhere.dead());
}

TEST_CASE("a build directory's name says its run") {
  CHECK(build_dir_owner("minify-build-12-345-aBcDeF") == RunOwner{"", 12, 345});
  for (const char* other :
       {"minify-build-aBcDeF", "minify-build-12-aBcDeF", "other-12-345-x", "minify-build-x-345-a"})
    CHECK_FALSE(build_dir_owner(other));
  TempDir dir;
  auto owner = build_dir_owner(dir.path().filename().string());
  REQUIRE(owner);
  CHECK(owner->pid == ::getpid());
  CHECK_FALSE(owner->dead());
}

TEST_CASE("leftovers: a dead run's containers and directories go; a live run's stay") {
  minify::testing::FakeEngine engine;
  minify::test::TempDir tmp;
  RunOwner dead = ended_run();
  RunOwner live = RunOwner::self();
  auto make = [&](const std::string& role, const RunOwner& owner) {
    engine.create_container({{"Labels", {{"minify", role}, {kOwnerLabel, owner.label()}}}});
    std::filesystem::create_directories(tmp /
                                        ("minify-build-" + std::to_string(owner.pid) + "-" +
                                         std::to_string(owner.start) + "-" + role) /
                                        "inside");
  };
  make("analysis", dead);                                       // analysis-1
  make("verify", live);                                         // verify-2
  engine.create_container({{"Labels", {{"minify", "pack"}}}});  // pack-3: no owner, not ours
  std::ofstream(tmp / "minify-build-unrelated") << "x";

  LeftoversRemoved removed = remove_dead_runs_leftovers(engine, tmp.path());
  CHECK(removed.containers == 1);
  CHECK(removed.dirs == 1);
  CHECK(engine.removed() == std::vector<std::string>{"analysis-1"});
  CHECK_FALSE(std::filesystem::exists(tmp / ("minify-build-" + std::to_string(dead.pid) + "-" +
                                             std::to_string(dead.start) + "-analysis")));
  CHECK(std::filesystem::exists(tmp / ("minify-build-" + std::to_string(live.pid) + "-" +
                                       std::to_string(live.start) + "-verify")));
  CHECK(std::filesystem::exists(tmp / "minify-build-unrelated"));

  // The watch of a run that died removes that run's, without asking whether it is dead.
  removed = remove_leftovers_of(engine, live, tmp.path());
  CHECK(removed.containers == 1);
  CHECK(removed.dirs == 1);
  CHECK(engine.removed() == std::vector<std::string>{"analysis-1", "verify-2"});
}
