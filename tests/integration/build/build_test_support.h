#pragma once
// Helpers of the build integration tests: run the minify binary as a user would, run images
// ourselves (independently of minify) to compare the original with the slim image, and clean up.

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace minify::test {

// A tag unique to this test process: "minify-test-<pid>-<name>:t".
std::string unique_tag(const std::string& name);

// Removes the image (tag) when destroyed; never touches fixtures.
class ImageCleanup {
 public:
  explicit ImageCleanup(std::string reference) : reference_(std::move(reference)) {}
  ~ImageCleanup();

 private:
  std::string reference_;
};

// `docker build` of a Dockerfile given as text, tagged `tag`; its context holds `files` (name ->
// content) beside it.
void build_image(const std::string& dockerfile, const std::string& tag,
                 const std::map<std::string, std::string>& files = {});

// A batch run: exit status and stdout.
struct JobRun {
  int exit_code = -1;
  std::string out;
};
JobRun run_job(const std::string& image);

// A server run: each path fetched with GET on the published `port`; status and body.
struct Page {
  int status = 0;
  std::string body;
  bool operator==(const Page&) const = default;
};
std::vector<Page> run_server(const std::string& image, int port,
                             const std::vector<std::string>& paths);

// A server run stopped as the engine stops it: the image's StopSignal, then SIGKILL once `grace`
// has passed. The signal the engine was to send (the container's StopSignal, SIGTERM when none),
// the exit code, and how long the stop took.
struct Stopped {
  std::string signal;
  std::int64_t exit_code = -1;
  std::chrono::steady_clock::duration took{};
};
Stopped run_and_stop_server(const std::string& image, int port, std::chrono::seconds grace);

// Containers labelled `minify` made from `image` (any state).
std::vector<std::string> minify_containers_of(const std::string& image);

std::int64_t image_size(const std::string& image);

nlohmann::json read_json(const std::string& path);

}  // namespace minify::test
