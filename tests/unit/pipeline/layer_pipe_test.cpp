#include "pipeline/layer_pipe.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "pipeline/interrupted.h"
#include "pipeline/temp_dir.h"
#include "protocol/sensor_protocol.h"

using namespace minify::pipeline;
using namespace std::chrono_literals;

namespace {

// What a writer that opens the pipe the way the sensor does (not waiting for a reader) gets.
int open_as_sensor(const TempDir& dir) {
  return ::open((dir / "layer.pipe").c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

// Every byte until the writer's end, each read allowed `idle` to wait.
std::string read_all(LayerPipe& pipe, std::chrono::milliseconds idle) {
  std::string out;
  char buffer[4096];
  while (std::size_t n = pipe.read(buffer, sizeof buffer, idle, nullptr)) out.append(buffer, n);
  return out;
}

// The pipe, its sensor's end open as `sensor pack --stream` opens it.
struct OpenPipe {
  TempDir dir;
  LayerPipe pipe{dir.path()};
  int writer = open_as_sensor(dir);
  OpenPipe() { REQUIRE(writer >= 0); }
};

}  // namespace

TEST_CASE("the pipe is the host's alone, mounted where the sensor streams, its reader there") {
  TempDir dir;
  LayerPipe pipe(dir.path());
  struct stat st {};
  REQUIRE(::stat((dir / "layer.pipe").c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK((st.st_mode & 0777) == 0622);  // the pack container's root writes it, whoever minify is
  CHECK(pipe.mount() == nlohmann::json{{"Type", "bind"},
                                       {"Source", (dir / "layer.pipe").string()},
                                       {"Target", pipe.target()}});
  // A name of its own in the sensor's directory, another for each pipe.
  CHECK(pipe.target().starts_with(minify::protocol::kLayerPipePrefix));
  CHECK(pipe.target().size() == minify::protocol::kLayerPipePrefix.size() + 16 + 5);
  TempDir other_dir;
  CHECK(LayerPipe(other_dir.path()).target() != pipe.target());
  // The reader is open from the start: a writer that does not wait finds it.
  int writer = open_as_sensor(dir);
  REQUIRE(writer >= 0);
  ::close(writer);
}

TEST_CASE_FIXTURE(OpenPipe, "read waits for the bytes and ends when the writer closes its end") {
  const std::string bytes(300000, 'x');  // more than a pipe holds: the reader must keep up
  std::thread sensor([&] {
    ::fcntl(writer, F_SETFL, 0);
    std::this_thread::sleep_for(50ms);  // the reader waits, it does not see an end
    CHECK(::write(writer, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    // Then slowly: 500 ms in all, never 200 ms without a byte (a big layer, a slow import).
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(100ms);
      CHECK(::write(writer, "y", 1) == 1);
    }
    ::close(writer);
  });
  CHECK(read_all(pipe, 200ms) == bytes + "yyyyy");
  sensor.join();
}

TEST_CASE_FIXTURE(
    OpenPipe,
    "a writer that holds the pipe and sends nothing: --timeout, or Ctrl-C, ends the wait") {
  char buffer[16];
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(pipe.read(buffer, sizeof buffer, 300ms, nullptr),
                       "the pack container sent nothing into the pipe for --timeout",
                       std::runtime_error);
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
  std::atomic<bool> cancel{false};
  std::thread ctrl_c([&] {
    std::this_thread::sleep_for(100ms);
    cancel = true;
  });
  CHECK_THROWS_AS(pipe.read(buffer, sizeof buffer, 10s, &cancel), Interrupted);
  ctrl_c.join();
  ::close(writer);
}

TEST_CASE_FIXTURE(OpenPipe,
                  "read_line: the summary's line, however it comes, then read() goes on after it") {
  // A line longer than a pipe holds and than one read takes, then the tar's first bytes.
  const std::string line(200000, 's');
  const std::string after = "tar bytes";
  std::thread sensor([&] {
    ::fcntl(writer, F_SETFL, 0);
    const std::string bytes = line + "\n" + after;
    for (std::size_t at = 0; at < bytes.size(); at += 70000) {
      const std::string piece = bytes.substr(at, 70000);
      CHECK(::write(writer, piece.data(), piece.size()) == static_cast<ssize_t>(piece.size()));
      std::this_thread::sleep_for(20ms);
    }
    ::close(writer);
  });
  std::optional<std::string> got = pipe.read_line(line.size(), 2s, nullptr);
  REQUIRE(got);
  CHECK(*got == line);
  CHECK(read_all(pipe, 2s) == after);
  sensor.join();
}

TEST_CASE_FIXTURE(OpenPipe,
                  "read_line: past its bound nullopt, a writer's end within the line an error") {
  SUBCASE("more than max_bytes without a newline") {
    const std::string bytes(5000, 'w');
    REQUIRE(::write(writer, bytes.data(), bytes.size()) == 5000);
    CHECK_FALSE(pipe.read_line(4096, 1s, nullptr));
    ::close(writer);
  }
  SUBCASE("the writer closes first") {
    REQUIRE(::write(writer, "{\"half\":", 8) == 8);
    ::close(writer);
    CHECK_THROWS_WITH_AS(pipe.read_line(4096, 1s, nullptr),
                         "the pack container closed the pipe within a line", std::runtime_error);
  }
}
