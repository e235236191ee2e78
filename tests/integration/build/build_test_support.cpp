#include "build_test_support.h"

#include <unistd.h>

#include <sstream>
#include <stdexcept>

#include "probe/http_probe.h"
#include "probe/readiness.h"
#include "support/engine_test_calls.h"
#include "support/file_contents.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"

namespace minify::test {
namespace {

// A container the test made from `config`, labelled minify.
std::string create_container(nlohmann::json config) {
  config["Labels"]["minify"] = "test";
  return test_engine().create_container(config).id;
}

}  // namespace

std::string unique_tag(const std::string& name) {
  return "minify-test-" + std::to_string(::getpid()) + "-" + name + ":t";
}

ImageCleanup::~ImageCleanup() {
  try {
    if (image_exists(test_engine(), reference_)) remove_image(test_engine(), reference_, true);
  } catch (...) {
  }
}

void build_image(const std::string& dockerfile, const std::string& tag,
                 const std::map<std::string, std::string>& files) {
  TempDir context;
  write_file(context / "Dockerfile", dockerfile);
  for (const auto& [name, content] : files) write_file(context / name, content);
  const ProcessResult built = run_process({"docker", "build", "-q", "-t", tag, context.path()});
  if (built.status != 0)
    throw std::runtime_error("docker build of " + tag + " failed: " + built.err);
}

JobRun run_job(const std::string& image) {
  ContainerGuard c(create_container({{"Image", image}}));
  test_engine().start_container(c.id());
  auto waited = test_engine().wait_container(c.id(), std::chrono::seconds(120));
  if (!waited) throw std::runtime_error(image + " did not exit within 120 s");
  engine::LogsOptions stdout_only;
  stdout_only.stderr_stream = false;
  return {static_cast<int>(waited->exit_code),
          test_engine().container_logs(c.id(), stdout_only).out};
}

std::vector<Page> run_server(const std::string& image, int port,
                             const std::vector<std::string>& paths) {
  std::string key = std::to_string(port) + "/tcp";
  nlohmann::json config = {{"Image", image}};
  config["HostConfig"]["PortBindings"][key] = {{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}};
  ContainerGuard c(create_container(config));
  test_engine().start_container(c.id());
  auto ports = test_engine().inspect_container(c.id())["NetworkSettings"]["Ports"][key];
  probe::Endpoint endpoint{"127.0.0.1", std::stoi(ports[0]["HostPort"].get<std::string>())};
  probe::wait_for_http(endpoint, std::chrono::seconds(60), {});
  std::vector<Page> pages;
  for (const auto& path : paths) {
    auto r = probe::send_http(endpoint, {"GET", path, ""}, std::chrono::seconds(10), false);
    pages.push_back({r.answered ? r.status : -1, r.output});
  }
  return pages;
}

Stopped run_and_stop_server(const std::string& image, int port, std::chrono::seconds grace) {
  std::string key = std::to_string(port) + "/tcp";
  nlohmann::json config = {{"Image", image}};
  config["HostConfig"]["PortBindings"][key] = {{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}};
  ContainerGuard c(create_container(config));
  test_engine().start_container(c.id());
  auto inspected = test_engine().inspect_container(c.id());
  auto ports = inspected["NetworkSettings"]["Ports"][key];
  probe::Endpoint endpoint{"127.0.0.1", std::stoi(ports[0]["HostPort"].get<std::string>())};
  probe::wait_for_http(endpoint, std::chrono::seconds(60), {});
  Stopped stopped;
  stopped.signal = inspected["Config"].value("StopSignal", std::string("SIGTERM"));
  auto start = std::chrono::steady_clock::now();
  test_engine().stop_container(c.id(), grace);
  auto waited = test_engine().wait_container(c.id(), grace + std::chrono::seconds(10));
  stopped.took = std::chrono::steady_clock::now() - start;
  if (waited) stopped.exit_code = waited->exit_code;
  return stopped;
}

std::vector<std::string> minify_containers_of(const std::string& image) {
  const ProcessResult listed = run_process({"docker", "ps", "-aq", "--no-trunc", "--filter",
                                            "label=minify", "--filter", "ancestor=" + image});
  std::vector<std::string> ids;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ids.push_back(line);
  return ids;
}

std::int64_t image_size(const std::string& image) {
  return test_engine().inspect_image(image).value("Size", std::int64_t{0});
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path));
}

}  // namespace minify::test
