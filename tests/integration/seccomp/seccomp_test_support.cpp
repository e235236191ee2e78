#include "seccomp_test_support.h"

#include <stdexcept>

#include "support/file_contents.h"
#include "support/scratch_image.h"
#include "support/tar_archive.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"
#include "support/unique_name.h"

namespace minify::seccomp::testing {
namespace {

using minify::test::ContainerGuard;
using minify::test::read_file;
using minify::test::test_engine;
using minify::test::unique_name;

// The raw-syscall programs at the root of a FROM-scratch image whose entrypoint is `entrypoint`.
minify::test::ScratchImage program_image_running(const std::string& kind,
                                                 const std::string& entrypoint) {
  minify::test::TempDir dir;
  minify::test::write_file(
      dir / "root.tar",
      minify::test::make_tar({{"exit_only", read_file(SECCOMP_EXIT_ONLY), 0755},
                              {"pause_only", read_file(SECCOMP_PAUSE_ONLY), 0755},
                              {"try_denied", read_file(SECCOMP_TRY_DENIED), 0755},
                              {"pid1_uname", read_file(SECCOMP_PID1_UNAME), 0755}}));
  return minify::test::ScratchImage(unique_name("minify-test/seccomp-" + kind) + ":latest",
                                    dir / "root.tar",
                                    {"LABEL minify=\"\"", "ENTRYPOINT [\"" + entrypoint + "\"]"});
}

}  // namespace

const std::string& program_image() {
  static const minify::test::ScratchImage image = program_image_running("exit", "/exit_only");
  return image.name();
}

const std::string& pid1_image() {
  static const minify::test::ScratchImage image = program_image_running("pid1", "/pid1_uname");
  return image.name();
}

std::string single_file_tar(const std::string& name, const std::string& content) {
  return minify::test::make_tar({{name, content, 0755}});
}

nlohmann::json test_labels() {
  return {{"minify", ""}, {"minify.test", unique_name("seccomp")}};
}

std::string create_container(const RunOptions& options) {
  nlohmann::json host_config = {{"NetworkMode", "none"}};
  if (options.profile) host_config["SecurityOpt"] = {"seccomp=" + options.profile->dump()};
  if (!options.cap_add.empty()) host_config["CapAdd"] = options.cap_add;
  nlohmann::json config = {
      {"Image", options.image.empty() ? program_image() : options.image},
      {"Labels", test_labels()},
      {"HostConfig", host_config},
  };
  if (!options.entrypoint.empty()) config["Entrypoint"] = options.entrypoint;
  return test_engine().create_container(config).id;
}

RunResult run_to_exit(const RunOptions& options) {
  ContainerGuard container(create_container(options));
  RunResult result;
  try {
    test_engine().start_container(container.id());
  } catch (const engine::EngineError& e) {
    result.start_error = e.what();
    return result;
  }
  result.started = true;
  auto waited = test_engine().wait_container(container.id(), std::chrono::seconds(30));
  if (!waited) throw std::runtime_error("test container did not exit within 30 s");
  result.exit_code = waited->exit_code;
  result.out = test_engine().container_logs(container.id()).out;
  return result;
}

Profile profile_of(const std::vector<int>& syscalls) {
  record::Record record;
  record.mode = "full";
  record.complete = true;
  record.arch = "x86_64";
  for (int nr : syscalls) record.syscalls.push_back({nr, 1});
  return profile_from_record(record);
}

}  // namespace minify::seccomp::testing
