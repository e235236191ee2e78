// What minify reads back from the containers it runs is bounded, whatever the image does (a
// record planted where the sensor writes, a sensor that fails), and --tag cannot move the
// original's tag by spelling its name another way. Each through the minify binary, as a user
// runs it; images are named minify-sb-<pid>-* and removed at the end.

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "build_test_support.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"
#include "support/unique_name.h"

using namespace minify::test;

namespace {

// A job image of ours, on the Debian fixture (a shell, coreutils).
std::string job_image(const std::string& name, const std::string& tag, const std::string& cmd) {
  require_fixture_image(fixture_image("bookworm"));
  std::string image = unique_name("minify-sb") + "-" + name + ":" + tag;
  build_image("FROM " + fixture_image("bookworm") +
                  "\nLABEL minify.test=" + std::to_string(::getpid()) + "\nCMD " + cmd + "\n",
              image);
  return image;
}

// Containers created from `image` since `since` (unix seconds), whether or not they still exist.
int containers_created(const std::string& image, std::int64_t since) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  ProcessResult events = run_process(
      {"docker", "events", "--since", std::to_string(since), "--until", std::to_string(now + 1),
       "--filter", "type=container", "--filter", "event=create", "--filter", "image=" + image});
  REQUIRE(events.status == 0);
  int lines = 0;
  for (char c : events.out) lines += c == '\n';
  return lines;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool one_line(const std::string& err, const std::string& wanted) {
  // The last line is the error; progress lines come before it.
  std::string text = err;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.substr(text.rfind('\n') + 1) == wanted;
}

}  // namespace

TEST_CASE("--tag naming the original another way is refused, before any container") {
  std::string image = job_image("orig", "1", "[\"true\"]");
  ImageCleanup cleanup(image);
  std::string id = test_engine().inspect_image(image).value("Id", "");
  std::string name = image.substr(0, image.rfind(':'));
  for (const std::string& same :
       {"docker.io/library/" + image, "index.docker.io/library/" + image, "docker.io/" + image}) {
    CAPTURE(same);
    std::int64_t since = unix_now() - 1;
    ProcessResult o = run_minify({"build", image, "--tag", same});
    CHECK(o.status == 2);
    CHECK(one_line(o.err, "minify: the slim image's tag '" + same +
                              "' names the original image (the same name as '" + image +
                              "'); choose another with --tag"));
    CHECK(containers_created(image, since) == 0);
    nlohmann::json after = test_engine().inspect_image(image);
    CHECK(after.value("Id", "") == id);
    CHECK(after["RepoTags"] == nlohmann::json::array({image}));
  }
  SUBCASE("a source named without a tag is its :latest") {
    std::string latest = name + ":latest";
    REQUIRE(run_process({"docker", "tag", image, latest}).status == 0);
    ImageCleanup untag(latest);
    std::int64_t since = unix_now() - 1;
    ProcessResult o = run_minify({"build", name, "--tag", "docker.io/library/" + name});
    CHECK(o.status == 2);
    CHECK(o.err.find("names the original image") != std::string::npos);
    CHECK(containers_created(image, since) == 0);
  }
}

TEST_CASE("a huge record planted where the sensor writes is refused without filling memory") {
  // The sensor replaced by a script that plants a 400 MB record (sparse, so cheap on the disk;
  // the archive API streams all 400 MB of it) and exits 0, as a hostile app running as root can.
  TempDir dir;
  write_file(dir / "sensor",
             "#!/bin/sh\nmkdir -p /.minify && truncate -s 400M /.minify/record.json\n");
  std::filesystem::permissions(dir / "sensor", std::filesystem::perms::owner_all);
  std::string image = job_image("record", "1", "[\"true\"]");
  ImageCleanup cleanup(image);
  std::filesystem::path rss = dir / "max-rss-kb";
  ProcessResult o = run_process({"/usr/bin/time", "-o", rss, "-f", "%M", minify_binary(), "build",
                                 image, "--sensor", dir / "sensor", "--verify=false"});
  CHECK(o.status == 1);
  CHECK(one_line(o.err,
                 "minify: the sensor's record is larger than 64 MiB (--max-record-mb "
                 "raises the bound)"));
  // GNU time writes "Command exited with non-zero status 1" first; the number is the last line.
  std::string measured = read_file(rss);
  while (!measured.empty() && measured.back() == '\n') measured.pop_back();
  long max_rss_kb = std::stol(measured.substr(measured.rfind('\n') + 1));
  MESSAGE("minify's peak RSS with a planted 400 MB record: " << max_rss_kb / 1024 << " MB");
  CHECK(max_rss_kb < 256 * 1024);
  CHECK(minify_containers_of(image).empty());
}

TEST_CASE("a sensor that fails fails the build with its own words") {
  SUBCASE("the app makes the record's place a directory: the sensor cannot write it") {
    std::string image = job_image(
        "norecord", "1",
        "[\"sh\", \"-c\", \"rm -f /.minify/record.json; mkdir -p /.minify/record.json/x\"]");
    ImageCleanup cleanup(image);
    ProcessResult o = run_minify({"build", image, "--verify=false"});
    CHECK(o.status == 1);
    INFO(o.err);
    CHECK(one_line(o.err,
                   "minify: the sensor failed (container exit status 0): cannot rename to "
                   "/.minify/record.json: Is a directory"));
    CHECK(minify_containers_of(image).empty());
  }
  SUBCASE("a USER the image does not define") {
    std::string image = unique_name("minify-sb") + "-nouser:1";
    build_image("FROM " + fixture_image("bookworm") + "\nLABEL minify.test=" +
                    std::to_string(::getpid()) + "\nUSER nosuchuser\nCMD [\"true\"]\n",
                image);
    ImageCleanup cleanup(image);
    ProcessResult o = run_minify({"build", image, "--verify=false"});
    CHECK(o.status == 1);
    INFO(o.err);
    CHECK(o.err.find("minify: the sensor failed (container exit status 125): ") !=
          std::string::npos);
    CHECK(o.err.find("nosuchuser") != std::string::npos);
    CHECK(minify_containers_of(image).empty());
  }
}
