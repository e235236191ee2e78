#include "build_test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "probe/http_probe.h"
#include "probe/readiness.h"
#include "support/engine_test_calls.h"

extern char** environ;

namespace minify::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A container the test made, removed on every way out.
class Container {
 public:
  explicit Container(const nlohmann::json& config) {
    nlohmann::json c = config;
    c["Labels"]["minify"] = "test";
    id_ = engine().create_container(c).id;
  }
  ~Container() {
    try {
      engine().remove_container(id_, true);
    } catch (...) {
    }
  }
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

}  // namespace

engine::EngineClient& engine() {
  static engine::EngineClient client(engine::Endpoint::from_environment());
  return client;
}

Outcome run_minify(const std::vector<std::string>& args,
                   const std::function<void(int pid)>& on_running) {
  std::string minify = std::string(MINIFY_BINARY_DIR) + "/minify";
  std::string base = "/tmp/minify-build-test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  std::string out_path = base + ".out", err_path = base + ".err";
  std::vector<std::string> argv_strings{minify};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid;
  int rc = posix_spawn(&pid, minify.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot run " + minify);
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, on_running ? WNOHANG : 0);
    if (done == pid) break;
    if (on_running) {
      on_running(pid);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  Outcome outcome;
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.out = slurp(out_path);
  outcome.err = slurp(err_path);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return outcome;
}

std::string unique_tag(const std::string& name) {
  return "minify-test-" + std::to_string(::getpid()) + "-" + name + ":t";
}

ImageCleanup::~ImageCleanup() {
  try {
    if (image_exists(engine(), reference_)) remove_image(engine(), reference_, true);
  } catch (...) {
  }
}

void build_image(const std::string& dockerfile, const std::string& tag) {
  std::string dir = "/tmp/minify-build-test-ctx-" + std::to_string(::getpid());
  std::string command = "mkdir -p " + dir + " && cat > " + dir +
                        "/Dockerfile && docker build -q -t " + tag + " " + dir + " >/dev/null 2>" +
                        dir + ".err && rm -rf " + dir + " " + dir + ".err";
  FILE* pipe = ::popen(command.c_str(), "w");
  if (!pipe) throw std::runtime_error("popen failed");
  std::fwrite(dockerfile.data(), 1, dockerfile.size(), pipe);
  if (::pclose(pipe) != 0) throw std::runtime_error("docker build of " + tag + " failed");
}

JobRun run_job(const std::string& image) {
  Container c(nlohmann::json{{"Image", image}});
  engine().start_container(c.id());
  auto waited = engine().wait_container(c.id(), std::chrono::seconds(120));
  if (!waited) throw std::runtime_error(image + " did not exit within 120 s");
  engine::LogsOptions stdout_only;
  stdout_only.stderr_stream = false;
  return {static_cast<int>(waited->exit_code), engine().container_logs(c.id(), stdout_only).out};
}

std::vector<Page> run_server(const std::string& image, int port,
                             const std::vector<std::string>& paths) {
  std::string key = std::to_string(port) + "/tcp";
  nlohmann::json config = {{"Image", image}};
  config["HostConfig"]["PortBindings"][key] = {{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}};
  Container c(config);
  engine().start_container(c.id());
  auto ports = engine().inspect_container(c.id())["NetworkSettings"]["Ports"][key];
  probe::Endpoint endpoint{"127.0.0.1", std::stoi(ports[0]["HostPort"].get<std::string>())};
  probe::wait_for_http(endpoint, std::chrono::seconds(60), {});
  std::vector<Page> pages;
  for (const auto& path : paths) {
    auto r = probe::send_http(endpoint, {"GET", path, ""}, std::chrono::seconds(10), false);
    pages.push_back({r.answered ? r.status : -1, r.output});
  }
  return pages;
}

std::vector<std::string> minify_containers_of(const std::string& image) {
  std::string command = "docker ps -aq --no-trunc --filter label=minify --filter ancestor=" + image;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  std::vector<std::string> ids;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ids.push_back(line);
  return ids;
}

std::int64_t image_size(const std::string& image) {
  return engine().inspect_image(image).value("Size", std::int64_t{0});
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(slurp(path));
}

}  // namespace minify::test
