#include "minify/analysis_flags.h"

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "minify/engine_connection.h"
#include "minify/exit_code.h"
#include "minify/sensor_location.h"
#include "pipeline/interrupted.h"
#include "pipeline/seccomp_stage.h"
#include "probe/command_words.h"
#include "probe/http_request.h"

namespace minify::cli {
namespace {

// Set by signal handlers, read by the pipeline: a signal handler can reach nothing else, so these
// are the one piece of process-wide state in minify.
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

}  // namespace

void add_analysis_flags(CLI::App& cmd, AnalysisFlags& flags, const std::string& verify_help) {
  pipeline::AnalysisOptions& o = flags.analysis;
  cmd.add_option("--probe", flags.probes, "HTTP request 'METHOD /path [body]' (repeatable)");
  cmd.add_option("--probe-file", flags.probe_files, "File of probes, one 'METHOD /path' a line");
  cmd.add_option("--http-probe", o.http_probe,
                 "GET / and follow same-origin links on each TCP port the app listens on, when "
                 "the image exposes one (default true)")
      ->default_str("true");
  cmd.add_option("--probe-port", o.probe_port,
                 "The one container port to probe over HTTP, exposed or not (default: the ports "
                 "the app listens on)");
  cmd.add_option("--crawl-depth", o.crawl.max_depth, "Links followed from / at most")
      ->default_val(o.crawl.max_depth);
  cmd.add_option("--crawl-pages", o.crawl.max_pages, "Crawled requests at most")
      ->default_val(o.crawl.max_pages);
  cmd.add_option("--exec", o.exec_commands, "Command run inside the container (repeatable)");
  cmd.add_option("--host-exec", o.host_commands,
                 "Command run on the host once the app is ready, with MINIFY_HOST and "
                 "MINIFY_PORT_<port> set (repeatable)");
  cmd.add_option("--continue-after", flags.continue_after,
                 "probe | exit | timeout:SECONDS | signal (default: probe when anything is "
                 "probed, else exit)");
  cmd.add_option("--timeout", flags.timeout_seconds,
                 "Seconds the app may take to answer, or a job to finish")
      ->default_val(300)
      ->check(CLI::Range(1, 7 * 24 * 3600));
  cmd.add_option("--max-record-mb", flags.max_record_mb,
                 "MiB of the sensor's record (and the pack summary) minify reads at most")
      ->default_val(64)
      ->check(CLI::Range(1, 64 * 1024));
  cmd.add_option("--memory", flags.memory,
                 "Memory limit of every container the image runs in (analysis, pack, verify); "
                 "0: none")
      ->default_val(flags.memory);
  cmd.add_option("--pids-limit", o.limits.pids,
                 "Processes and threads at most in each of those containers; 0: no limit")
      ->default_val(o.limits.pids)
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--verify", o.verify, verify_help)->default_str("true");
  cmd.add_flag("--verify-ignore-body", o.verify_ignore_body,
               "Compare HTTP status codes only, not bodies");
  cmd.add_flag("--json", flags.json, "Print the JSON report on stdout (summary on stderr)");
  cmd.add_option("--report", flags.report_file, "Write the JSON report to this file");
  add_pull_flag(cmd, flags.pull);
  cmd.add_option("--sensor", flags.sensor,
                 "The sensor binary (default: beside minify, or $MINIFY_SENSOR)");
  add_engine_flags(cmd, flags.engine);
}

void add_pull_flag(CLI::App& cmd, std::string& pull) {
  cmd.add_option("--pull", pull,
                 "Pull the image from its registry: missing (when the engine lacks it), always, "
                 "never; credentials from the docker config")
      ->default_val(pull)
      ->check(CLI::IsMember({"missing", "always", "never"}));
}

void prepare_analysis(AnalysisFlags& flags) {
  pipeline::AnalysisOptions& options = flags.analysis;
  options.pull = pipeline::parse_pull_policy(flags.pull);
  for (const auto& spec : flags.probes) options.requests.push_back(probe::parse_http_request(spec));
  for (const auto& file : flags.probe_files)
    for (auto& r : probe::read_probe_file(file)) options.requests.push_back(std::move(r));
  // A malformed --exec is a usage error now, not after the app has started.
  for (const auto& command : options.exec_commands) probe::split_command(command);
  if (!flags.continue_after.empty())
    options.continue_after = pipeline::parse_continue_after(flags.continue_after);
  options.sensor_path = flags.sensor.empty() ? find_sensor() : std::filesystem::path(flags.sensor);
  options.timeout = std::chrono::seconds(flags.timeout_seconds);
  options.max_record_bytes = static_cast<std::uint64_t>(flags.max_record_mb) << 20;
  options.limits.memory_bytes = pipeline::parse_memory_size(flags.memory);
  options.cancel = &cancel_requested;
  options.proceed = &proceed_requested;
  install_handlers();
}

void check_seccomp_file(const std::filesystem::path& path) {
  try {
    pipeline::check_profile_destination(path);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError("--seccomp", e.what());
  }
}

void write_report_file(const nlohmann::json& report, const std::string& path) {
  std::ofstream out(path);
  out << report.dump(2) << "\n";
  if (!out) throw std::runtime_error("cannot write the report to " + path);
}

void run_interruptible(const std::function<void()>& body, int& exit_code) {
  try {
    body();
  } catch (const pipeline::Interrupted&) {
    std::cerr << "minify: interrupted; every container and temporary file it made is removed\n";
    exit_code = kInterrupted;
  }
}

}  // namespace minify::cli
