// The app under the sensor holds exactly what a plain `docker run` gives it (issue 13): the
// /proc/self/status lines CapInh, CapPrm, CapEff, CapBnd, CapAmb and NoNewPrivs of a program run
// under the sensor, in a container with the sensor's capabilities added as minify adds them, are
// those of the same program in a plain container: as root, as a non-root user, and through a
// setuid-root binary, which must not regain CAP_SYS_ADMIN or CAP_SYS_PTRACE.

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/sensor_protocol.h"
#include "support/fixture_images.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;

namespace {

const std::string kImage = fixture_image("bookworm");
constexpr const char* kStatusLines = "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):";

// A tar of /.minify holding the sensor and a setuid-root copy of the image's own grep (taken
// out of the image, so that it links against the image's libc).
class Payload {
 public:
  Payload() {
    std::filesystem::create_directories(dir_ / ".minify");
    std::filesystem::copy_file(std::string(MINIFY_BINARY_DIR) + "/sensor", dir_ / ".minify/sensor");
    std::string grabber = unique_name("minify-sr-caps-grab");
    REQUIRE(run_shell("docker create --name " + grabber + " " + kImage + " >/dev/null").status ==
            0);
    ProcessResult copied = run_shell("docker cp " + grabber + ":/usr/bin/grep - | tar -xOf - > " +
                                     (dir_ / ".minify/suid-grep").string());
    run_shell("docker rm -f " + grabber + " >/dev/null");
    REQUIRE(copied.status == 0);
    std::filesystem::permissions(dir_ / ".minify/suid-grep", std::filesystem::perms(04755));
    tar_ = (dir_ / "payload.tar").string();
    REQUIRE(run_shell("tar --owner=0 --group=0 -C " + dir_.path().string() + " -cf " + tar_ +
                      " .minify")
                .status == 0);
  }
  const std::string& tar() const { return tar_; }

 private:
  TempDir dir_;
  std::string tar_;
};

// Runs `argv` in a fresh container of kImage with the payload copied in: with `sensor_args`
// (the sensor as entrypoint, its options before "--"), as minify's analysis container; without,
// as a plain `docker run --user USER` would. Returns the container's output.
// `cap_add`: a capability the user gives the app (`docker run --cap-add`, minify's --cap-add,
// which the sensor keeps for the app with --keep-cap).
std::string run(const Payload& payload, const std::string& user, const std::string& suffix,
                const std::vector<std::string>& argv, bool under_sensor,
                const std::string& cap_add = "") {
  std::string name = unique_name("minify-sr-caps-" + suffix);
  std::string command = "docker create --label minify --name " + name;
  if (!cap_add.empty()) command += " --cap-add " + cap_add;
  if (under_sensor) {
    command += " --user 0 --entrypoint /.minify/sensor";
    for (const auto& cap : minify::protocol::kSensorCapabilities)
      command += " --cap-add " + std::string(cap.name);
    command += " " + kImage;
    if (!user.empty()) command += " --user " + user;
    if (!cap_add.empty()) command += " --keep-cap " + cap_add;
    command += " --";
  } else {
    if (!user.empty()) command += " --user " + user;
    command += " " + kImage;
  }
  for (const auto& arg : argv) command += " " + shell_quote(arg);
  REQUIRE(run_shell(command + " >/dev/null").status == 0);
  REQUIRE(run_shell("docker cp - " + name + ":/ < " + payload.tar()).status == 0);
  ProcessResult started = run_shell("docker start -a " + name + " 2>&1");
  run_shell("docker rm -f " + name + " >/dev/null");
  INFO(started.out);
  CHECK(started.status == 0);
  return started.out;
}

// The effective set from the CapEff line.
std::uint64_t effective(const std::string& status) {
  std::istringstream lines(status);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("CapEff:")) return std::stoull(line.substr(7), nullptr, 16);
  FAIL("no CapEff line in: " << status);
  return 0;
}

constexpr std::uint64_t kSensorOnly = (std::uint64_t{1} << 19) | (std::uint64_t{1} << 21);

}  // namespace

TEST_CASE("the app's capabilities and no_new_privs are those of a plain docker run") {
  require_fixture_image(kImage);
  Payload payload;
  const std::vector<std::string> grep = {"grep", "-E", kStatusLines, "/proc/self/status"};
  for (const std::string user : {"", "nobody", "65534:65534"}) {
    CAPTURE(user);
    std::string plain = run(payload, user, "plain", grep, false);
    std::string sensed = run(payload, user, "sensed", grep, true);
    REQUIRE(plain.find("CapBnd:") != std::string::npos);
    CHECK(sensed == plain);
    CHECK((effective(sensed) & kSensorOnly) == 0);
  }
}

TEST_CASE("a setuid-root binary run by a non-root user does not regain the sensor's capabilities") {
  require_fixture_image(kImage);
  Payload payload;
  const std::vector<std::string> suid = {"/.minify/suid-grep", "-E", kStatusLines,
                                         "/proc/self/status"};
  std::string plain = run(payload, "nobody", "suid-plain", suid, false);
  std::string sensed = run(payload, "nobody", "suid-sensed", suid, true);
  // The setuid bit works in both (root's default set, not nobody's empty one)...
  CHECK(effective(plain) != 0);
  // ...and gives under the sensor exactly what it gives under docker run: no SYS_ADMIN, no PTRACE.
  CHECK(sensed == plain);
  CHECK((effective(sensed) & kSensorOnly) == 0);
}

TEST_CASE("a sensor capability the user gave the app (--cap-add SYS_PTRACE) stays the app's") {
  require_fixture_image(kImage);
  Payload payload;
  const std::vector<std::string> grep = {"grep", "-E", kStatusLines, "/proc/self/status"};
  std::string plain = run(payload, "", "cap-plain", grep, false, "SYS_PTRACE");
  std::string sensed = run(payload, "", "cap-sensed", grep, true, "SYS_PTRACE");
  CHECK((effective(plain) & (std::uint64_t{1} << 19)) != 0);
  CHECK(sensed == plain);
}
