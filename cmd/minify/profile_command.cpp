// `minify profile IMAGE [--seccomp FILE]`: the build's analysis run in "full" mode, no image;
// writes a seccomp profile of what the app called, checks that the original image answers its
// probes exactly alike under it, and says how many syscalls it allows against the engine's default.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "build/build_pipeline.h"
#include "build/interrupted.h"
#include "engine/engine_client.h"
#include "minify/commands.h"
#include "minify/exit_code.h"
#include "minify/seccomp_option.h"
#include "probe/http_request.h"
#include "progress/progress_reporter.h"

namespace minify::cli {
namespace {

// Set by signal handlers, read by the pipeline: a signal handler can reach nothing else.
std::atomic<bool> cancel_requested{false};
std::atomic<bool> proceed_requested{false};

void on_cancel(int) {
  cancel_requested = true;
}
void on_proceed(int) {
  proceed_requested = true;
}

// Ctrl-C and SIGTERM raise the flag instead of killing minify, so that the containers and temp
// files it made are removed before it exits 130.
void install_handlers() {
  struct sigaction action {};
  action.sa_handler = on_cancel;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  action.sa_handler = on_proceed;
  sigaction(SIGUSR1, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

std::filesystem::path default_sensor() {
  if (const char* env = std::getenv("MINIFY_SENSOR"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "sensor";
  return self.parent_path() / "sensor";
}

// "registry:5000/team/app:1.2" -> "app-1.2.seccomp.json"; "app" or "app:latest" ->
// "app.seccomp.json".
std::filesystem::path default_profile_path(const std::string& image) {
  std::string name = image.substr(0, image.find('@'));
  name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
  if (auto colon = name.find(':'); colon != std::string::npos) {
    std::string tag = name.substr(colon + 1);
    name = name.substr(0, colon) + (tag == "latest" ? "" : "-" + tag);
  }
  return name + ".seccomp.json";
}

struct Flags {
  build::BuildOptions options;
  std::string seccomp_file;
  std::vector<std::string> probes;
  std::vector<std::string> probe_files;
  std::string continue_after;
  std::string sensor;
  std::string report_file;
  int timeout_seconds = 300;
  bool json = false;
};

void run(Flags& flags, int& exit_code) {
  build::BuildOptions& options = flags.options;
  options.build_image = false;
  for (const auto& spec : flags.probes) options.requests.push_back(probe::parse_http_request(spec));
  for (const auto& file : flags.probe_files)
    for (auto& r : probe::read_probe_file(file)) options.requests.push_back(std::move(r));
  if (!flags.continue_after.empty())
    options.continue_after = build::parse_continue_after(flags.continue_after);
  options.sensor_path =
      flags.sensor.empty() ? default_sensor() : std::filesystem::path(flags.sensor);
  options.timeout = std::chrono::seconds(flags.timeout_seconds);
  options.cancel = &cancel_requested;
  options.proceed = &proceed_requested;
  install_handlers();

  progress::ProgressReporter progress(std::cerr, progress::style_for_fd(STDERR_FILENO));
  try {
    engine::EngineClient engine(engine::Endpoint::from_environment());
    SeccompOption seccomp(engine, flags.seccomp_file.empty()
                                      ? default_profile_path(options.image)
                                      : std::filesystem::path(flags.seccomp_file));
    seccomp.apply(options);
    build::BuildResult result = build::run_build(engine, options, progress);
    const auto& report = result.report;
    nlohmann::json json = report::to_json(report);
    seccomp.add_to(json);
    if (!flags.report_file.empty()) {
      std::ofstream out(flags.report_file);
      out << json.dump(2) << "\n";
      if (!out) throw std::runtime_error("cannot write the report to " + flags.report_file);
    }
    std::ostream& text = flags.json ? std::cerr : std::cout;
    if (flags.json) std::cout << json.dump(2) << "\n";
    text << options.image << ": " << seccomp.describe() << "\n";
    if (!report.verify.ran) {
      text << "  verify   skipped\n";
    } else if (report.verify.passed) {
      const std::size_t n = report.probes.size();
      text << "  verify   passed: under the profile, the original answered " << n
           << (n == 1 ? " probe" : " probes") << " exactly as under the sensor\n";
    } else {
      text << "  verify   FAILED\n";
      for (const auto& m : report.verify.mismatches) text << "           " << m << "\n";
    }
    if (result.verify_failed()) {
      if (!report.verify.slim_logs.empty())
        std::cerr << "minify: the container's output under the profile:\n"
                  << report.verify.slim_logs << "\n";
      std::cerr << "minify: verify failed: the image does not answer alike under the profile\n";
      exit_code = kCheckFailed;
    }
  } catch (const build::Interrupted&) {
    std::cerr << "minify: interrupted; every container and temporary file it made is removed\n";
    exit_code = kInterrupted;
  }
}

}  // namespace

void add_profile_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<Flags>();
  build::BuildOptions& o = flags->options;
  auto* cmd = app.add_subcommand("profile",
                                 "Write a seccomp profile of the syscalls IMAGE's app makes under "
                                 "the probes (no image built)");
  cmd->add_option("image", o.image, "The image to profile (never modified)")->required();
  cmd->add_option("--seccomp", flags->seccomp_file,
                  "Where to write the profile (default NAME.seccomp.json here)");
  cmd->add_option("--probe", flags->probes, "HTTP request 'METHOD /path [body]' (repeatable)");
  cmd->add_option("--probe-file", flags->probe_files, "File of probes, one 'METHOD /path' a line");
  cmd->add_option("--http-probe", o.http_probe,
                  "GET / and follow same-origin links on the first exposed port (default true)")
      ->default_str("true");
  cmd->add_option("--probe-port", o.probe_port, "Exposed port to probe over HTTP");
  cmd->add_option("--crawl-depth", o.crawl.max_depth, "Links followed from / at most")
      ->default_val(o.crawl.max_depth);
  cmd->add_option("--crawl-pages", o.crawl.max_pages, "Crawled requests at most")
      ->default_val(o.crawl.max_pages);
  cmd->add_option("--exec", o.exec_commands, "Command run inside the container (repeatable)");
  cmd->add_option("--host-exec", o.host_commands,
                  "Command run on the host once the app is ready, with MINIFY_HOST and "
                  "MINIFY_PORT_<port> set (repeatable)");
  cmd->add_option("--continue-after", flags->continue_after,
                  "probe | exit | timeout:SECONDS | signal (default: probe when anything is "
                  "probed, else exit)");
  cmd->add_option("--timeout", flags->timeout_seconds,
                  "Seconds the app may take to answer, or a job to finish")
      ->default_val(300)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--verify", o.verify,
                  "Run the original under the profile with the same probes (default true)")
      ->default_str("true");
  cmd->add_flag("--verify-ignore-body", o.verify_ignore_body,
                "Compare HTTP status codes only, not bodies");
  cmd->add_flag("--json", flags->json, "Print the JSON report on stdout (summary on stderr)");
  cmd->add_option("--report", flags->report_file, "Write the JSON report to this file");
  cmd->add_option("--sensor", flags->sensor,
                  "The sensor binary (default: beside minify, or $MINIFY_SENSOR)");
  cmd->callback([flags, &exit_code] { run(*flags, exit_code); });
}

}  // namespace minify::cli
