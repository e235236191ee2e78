// The command line as a user and a CI job meet it: exit codes (2 for every usage error, wherever
// it is found), one-line errors, --version, help, and an installed minify that finds its sensor.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using minify::test::run_minify;
using minify::test::run_process;

std::size_t lines_of(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

std::string last_line(const std::string& text) {
  const auto end = text.ends_with('\n') ? text.size() - 1 : text.size();
  const auto start = text.rfind('\n', end == 0 ? 0 : end - 1);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start + 1));
}

// A usage error: exit 2, nothing on stdout, and one line on stderr that says what was wrong: the
// only line when it is found before any work starts, else the last after the progress lines.
void check_usage_error(const std::vector<std::string>& args, const std::string& says,
                       bool before_any_work = true) {
  std::string command = "minify";
  for (const auto& arg : args) command += " " + arg;
  CAPTURE(command);
  auto result = run_minify(args);
  CAPTURE(result.err);
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  if (before_any_work) CHECK(lines_of(result.err) == 1);
  CHECK(last_line(result.err).starts_with("minify: "));
  CHECK(last_line(result.err).find(says) != std::string::npos);
}

}  // namespace

TEST_CASE("minify --version prints minify's version alone and needs no engine") {
  auto result = run_process(
      {"env", "DOCKER_HOST=unix:///nonexistent.sock", minify::test::minify_binary(), "--version"});
  CHECK(result.status == 0);
  CHECK(result.out == std::string("minify ") + MINIFY_VERSION + "\n");
}

TEST_CASE("minify help shows the commands; minify help COMMAND shows that command's flags") {
  auto all = run_minify({"help"});
  CHECK(all.status == 0);
  for (const char* command : {"build", "profile", "xray", "diff", "lint", "version", "help"})
    CHECK(all.out.find(std::string("  ") + command) != std::string::npos);
  auto build = run_minify({"help", "build"});
  CHECK(build.status == 0);
  CHECK(build.out.find("--continue-after") != std::string::npos);
  CHECK(build.out.find("--min-efficiency") == std::string::npos);  // xray's, not build's
  check_usage_error({"help", "nosuch"}, "no command 'nosuch'");
  auto nothing = run_minify({});
  CHECK(nothing.status == 2);
}

TEST_CASE("a usage error exits 2 with one line, whichever layer finds it") {
  // CLI11's own checks.
  check_usage_error({"build", "x", "--output", "foo"}, "docker-archive:FILE");
  check_usage_error({"build", "x", "--timeout", "-3"}, "--timeout");
  check_usage_error({"build"}, "image");
  check_usage_error({"xray", "x", "--min-efficiency", "2"}, "--min-efficiency");
  check_usage_error({"frobnicate"}, "frobnicate");
  // Parsers in lib/ (probe specs, probe files, --exec words, --continue-after).
  check_usage_error({"build", "x", "--probe", "FOO"}, "probe 'FOO'");
  check_usage_error({"profile", "x", "--probe", "GET nopath"}, "path must start with '/'");
  check_usage_error({"build", "x", "--exec", "echo 'a"}, "unterminated");
  check_usage_error({"build", "x", "--continue-after", "later"}, "--continue-after later");
  check_usage_error({"profile", "x", "--continue-after", "timeout:x"}, "--continue-after");
  minify::test::TempDir dir;
  const auto probes = dir.path() / "probes.txt";
  minify::test::write_file(probes, "GET /\nnonsense\n");
  check_usage_error({"build", "x", "--probe-file", probes.string()}, ":2:");
}

TEST_CASE("a usage error the pipeline finds after inspecting the image also exits 2") {
  const std::string image = minify::test::fixture_image("python-web");
  minify::test::require_fixture_image(image);
  // shell-job exposes no port: a --probe has nowhere to go (a --probe-port would give it one).
  const std::string job = minify::test::fixture_image("shell-job");
  minify::test::require_fixture_image(job);
  check_usage_error({"build", job, "--probe", "GET /"}, "--probe needs an exposed TCP port", false);
  // A slim tag that names the original would move the original's tag.
  check_usage_error({"build", image, "--tag", image}, "names the original", false);
  auto left = run_process(
      {"docker", "ps", "-aq", "--filter", "label=minify", "--filter", "ancestor=" + image});
  CHECK(left.out.empty());  // refused before any container was made
}

TEST_CASE("cmake --install gives a minify that finds its sensor in PREFIX/libexec/minify") {
  minify::test::TempDir prefix;
  auto installed =
      run_process({"cmake", "--install", MINIFY_BINARY_DIR, "--prefix", prefix.path().string()});
  REQUIRE_MESSAGE(installed.status == 0, installed.err);
  const auto minify = prefix.path() / "bin" / "minify";
  const auto sensor = prefix.path() / "libexec" / "minify" / "sensor";
  REQUIRE(std::filesystem::is_regular_file(minify));
  REQUIRE(std::filesystem::is_regular_file(sensor));

  // No MINIFY_SENSOR, and run from the prefix: nothing points back at the build tree.
  auto version = run_process({"env", "-u", "MINIFY_SENSOR", minify.string(), "version"});
  CHECK(version.out.find("\nsensor " + sensor.string() + "\n") != std::string::npos);

  const std::string image = minify::test::fixture_image("static");
  minify::test::require_fixture_image(image);
  const std::string slim = "minify-hc-install:1";
  auto built =
      run_process({"env", "-u", "MINIFY_SENSOR", minify.string(), "build", image, "--tag", slim});
  CHECK_MESSAGE(built.status == 0, built.err);
  auto original = run_process({"docker", "run", "--rm", image});
  auto slimmed = run_process({"docker", "run", "--rm", slim});
  CHECK(slimmed.status == 0);
  CHECK(slimmed.out == original.out);
  CHECK(original.out == "hello from a static binary\n");
  run_process({"docker", "image", "rm", "-f", slim});
}
