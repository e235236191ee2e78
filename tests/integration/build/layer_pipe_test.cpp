// The slim layer's way out of the pack container (lib/pipeline/layer_pipe.h), for real: through
// minify's named pipe when the engine sees this machine's files, whether minify runs as root or
// as a user of the engine's group (the pipe is then not the pack container's root's own), and
// through the engine's archive API when the engine does not see the pipe (minify in a mount
// namespace of its own: what an engine in a VM sees). The same slim image every way.

#include <doctest/doctest.h>
#include <grp.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "build_test_support.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace minify::test;

namespace {

const std::string kThroughPipe = " (the layer through a pipe): started";

// The slim image's id in a `--json` build's report.
std::string slim_id(const ProcessResult& build) {
  return nlohmann::json::parse(build.out)["slim"]["id"].get<std::string>();
}

// What minify left in a folder it used as TMPDIR: nothing, once it returned.
bool empty_dir(const std::filesystem::path& dir) {
  return std::filesystem::is_empty(dir);
}

}  // namespace

TEST_CASE(
    "the layer comes through the pipe for root and a docker group user, else the archive "
    "API: the same slim image") {
  const std::string original = fixture_image("shell-job");
  require_fixture_image(original);
  const std::string as_root = unique_tag("pipe-root");
  const std::string as_user = unique_tag("pipe-user");
  const std::string unseen = unique_tag("pipe-unseen");
  ImageCleanup cleanup_root(as_root), cleanup_user(as_user), cleanup_unseen(unseen);

  ProcessResult root =
      run_minify({"build", original, "--tag", as_root, "--json", "--report-html", "false"});
  INFO("root:\n" << root.err);
  REQUIRE(root.status == 0);
  CHECK(root.err.find("image: loading " + as_root + kThroughPipe) != std::string::npos);

  // nobody, with the engine's group alone, in a folder of its own (HOME, TMPDIR, the cwd).
  const group* docker = ::getgrnam("docker");
  REQUIRE(docker != nullptr);
  TempDir user_dir;
  REQUIRE(::chown(user_dir.path().c_str(), 65534, docker->gr_gid) == 0);
  const std::string home = user_dir.path().string();
  ProcessResult user =
      run_shell("cd " + shell_quote(home) + " && setpriv --reuid=65534 --regid=" +
                std::to_string(docker->gr_gid) + " --clear-groups env HOME=" + shell_quote(home) +
                " TMPDIR=" + shell_quote(home) + " " + shell_quote(minify_binary()) + " build " +
                shell_quote(original) + " --tag " + shell_quote(as_user) +
                " --json --report-html false 2>" + shell_quote(home + "/err"));
  const std::string user_err = read_file(user_dir / "err");
  INFO("user:\n" << user_err);
  REQUIRE(user.status == 0);
  CHECK(user_err.find("image: loading " + as_user + kThroughPipe) != std::string::npos);
  std::filesystem::remove(user_dir / "err");
  CHECK(empty_dir(user_dir.path()));

  // A tmpfs of minify's own mount namespace: the engine is told to mount a pipe it cannot find.
  TempDir hidden;
  ProcessResult elsewhere =
      run_shell("unshare --mount --propagation private sh -c " +
                shell_quote("mount -t tmpfs minify-test " + shell_quote(hidden.path().string()) +
                            " && TMPDIR=" + shell_quote(hidden.path().string()) + " exec " +
                            shell_quote(minify_binary()) + " build " + shell_quote(original) +
                            " --tag " + shell_quote(unseen) + " --json --report-html false"));
  INFO("unseen:\n" << elsewhere.err);
  REQUIRE(elsewhere.status == 0);
  CHECK(elsewhere.err.find("image: loading " + unseen + ": started") != std::string::npos);
  CHECK(empty_dir(hidden.path()));  // the engine made nothing where it looked

  CHECK(slim_id(user) == slim_id(root));
  CHECK(slim_id(elsewhere) == slim_id(root));
  CHECK(run_job(as_user).out == run_job(original).out);
}

TEST_CASE("an image that plants a directory in the sensor's folder does not stop the pipe") {
  // A fixed place for the pipe would be at the image's mercy: a directory there fails the mount,
  // and with it every archive call on the pack container. The pipe's name is the build's own.
  const std::string image = unique_tag("pipe-planted");
  const std::string slim = unique_tag("pipe-planted-slim");
  ImageCleanup cleanup_image(image), cleanup_slim(slim);
  build_image("FROM " + fixture_image("shell-job") +
                  "\nLABEL minify.test=" + std::to_string(::getpid()) +
                  "\nRUN mkdir -p /.minify/layer.pipe /.minify/layer-0000000000000000.pipe\n",
              image);
  ProcessResult build = run_minify({"build", image, "--tag", slim, "--report-html", "false"});
  INFO(build.err);
  REQUIRE(build.status == 0);
  CHECK(build.err.find("image: loading " + slim + kThroughPipe) != std::string::npos);
  CHECK(run_job(slim).out == run_job(image).out);
}
