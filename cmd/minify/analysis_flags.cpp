#include "minify/analysis_flags.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "errors/usage_error.h"
#include "minify/engine_connection.h"
#include "minify/exit_code.h"
#include "minify/sensor_location.h"
#include "pipeline/interrupted.h"
#include "pipeline/run_watch.h"
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

// docker run's run-time options, for the analysis and verify runs; never the slim image's.
void add_run_flags(CLI::App& cmd, AnalysisFlags& flags) {
  pipeline::RunOptions& run = flags.analysis.run;
  const std::string runs = " (the analysis and verify runs; repeatable)";
  cmd.add_option("-e,--env", flags.env, "NAME=value, or NAME from minify's environment" + runs);
  cmd.add_option("--env-file", flags.env_files, "A file of NAME=value lines, as docker's" + runs);
  cmd.add_option("-v,--volume", flags.volumes,
                 "[SOURCE:]TARGET[:ro]: SOURCE absolute is a bind, else a named volume; what the "
                 "app touched there is never packed" +
                     runs);
  cmd.add_option("--mount", flags.mounts,
                 "type=bind|volume|tmpfs,source=...,target=...[,readonly]" + runs);
  cmd.add_option("--network", run.network,
                 "The network the runs join (a user network, to reach a database)");
  cmd.add_option("--add-host", flags.add_hosts, "HOST:IP in the runs' /etc/hosts" + runs);
  cmd.add_option("--entrypoint", flags.entrypoint,
                 "Run this instead of the image's ENTRYPOINT (and drop its CMD); \"\" clears it");
  cmd.add_option("--cmd", flags.cmd,
                 "The app's CMD, split into words like --exec (or give them after IMAGE --)");
  cmd.add_option("-u,--user", run.user, "USER[:GROUP] the app runs as, instead of the image's");
  cmd.add_option("-w,--workdir", run.working_dir, "The app's working directory");
  cmd.add_option("--cap-add", flags.cap_add, "A capability the app gets, e.g. NET_ADMIN" + runs);
  cmd.add_option("--expose", flags.expose,
                 "A container TCP port to publish on 127.0.0.1 and probe, as if exposed" + runs);
  cmd.add_option("-p,--publish", flags.publish,
                 "[[IP:]HOSTPORT:]PORT: publish a container TCP port there (default "
                 "127.0.0.1, a port the engine picks) and probe it" +
                     runs);
  cmd.add_option("args", flags.args, "The app's CMD (after --), instead of the image's");
  cmd.add_option("--compose-file", flags.compose_file,
                 "A compose file: run --service as it says, its dependencies started first and "
                 "removed after");
  cmd.add_option("--service", flags.service, "The compose service to slim (with --compose-file)");
}

// The image and run options from --compose-file's --service; the run flags add to them (-e
// after its environment, -v after its volumes; --network, -u, ... replace its own).
void prepare_compose(AnalysisFlags& flags) {
  pipeline::AnalysisOptions& options = flags.analysis;
  if (flags.compose_file.empty()) {
    if (!flags.service.empty()) throw UsageError("--service needs --compose-file");
    if (options.image.empty())
      throw UsageError("an image is required: IMAGE, or --compose-file FILE --service NAME");
    return;
  }
  if (flags.service.empty()) throw UsageError("--compose-file needs --service NAME");
  if (!options.image.empty())
    throw UsageError("give IMAGE or --compose-file with --service, not both ('" + options.image +
                     "')");
  auto lookup = [](const std::string& name) { return std::getenv(name.c_str()); };
  flags.compose = compose::read_compose_file(flags.compose_file, lookup);
  for (const auto& warning : flags.compose->warnings)
    std::cerr << "minify: warning: " << warning << "\n";
  const compose::Service& service = flags.compose->service(flags.service);
  compose::start_order(*flags.compose, flags.service);  // a cycle is refused now
  pipeline::RunOptions run = compose::service_run(*flags.compose, service);
  const pipeline::RunOptions& given = options.run;
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(run.env, given.env);
  append(run.mounts, given.mounts);
  append(run.extra_hosts, given.extra_hosts);
  append(run.cap_add, given.cap_add);
  append(run.expose, given.expose);
  append(run.publish, given.publish);
  if (!given.network.empty()) run.network = given.network;
  if (given.entrypoint) run.entrypoint = given.entrypoint;
  if (given.cmd) run.cmd = given.cmd;
  if (given.user) run.user = given.user;
  if (given.working_dir) run.working_dir = given.working_dir;
  options.run = std::move(run);
  options.image = service.image;
}

// The run-time flags into `flags.analysis.run`; throws UsageError for a malformed one.
void prepare_run(AnalysisFlags& flags) {
  pipeline::RunOptions& run = flags.analysis.run;
  auto lookup = [](const std::string& name) { return std::getenv(name.c_str()); };
  const std::filesystem::path cwd = std::filesystem::current_path();
  // docker's order: the files first, then -e, the later of a name winning.
  for (const auto& file : flags.env_files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError("--env-file " + file + ": cannot be read");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto& variable : pipeline::parse_env_file(text, file, lookup))
      run.env.push_back(std::move(variable));
  }
  for (const auto& spec : flags.env)
    if (auto variable = pipeline::parse_env(spec, lookup)) run.env.push_back(std::move(*variable));
  for (const auto& spec : flags.volumes) run.mounts.push_back(pipeline::parse_volume(spec, cwd));
  for (const auto& spec : flags.mounts) run.mounts.push_back(pipeline::parse_mount(spec, cwd));
  for (const auto& spec : flags.add_hosts)
    run.extra_hosts.push_back(pipeline::parse_extra_host(spec));
  for (const auto& spec : flags.cap_add) run.cap_add.push_back(pipeline::parse_capability(spec));
  for (const auto& spec : flags.expose) run.expose.push_back(pipeline::parse_expose(spec));
  for (const auto& spec : flags.publish) run.publish.push_back(pipeline::parse_publish(spec));
  if (flags.entrypoint)
    run.entrypoint = flags.entrypoint->empty() ? std::vector<std::string>{}
                                               : std::vector<std::string>{*flags.entrypoint};
  if (!flags.cmd.empty() && !flags.args.empty())
    throw UsageError("--cmd and words after the image both give the app's CMD: choose one");
  if (!flags.cmd.empty()) run.cmd = probe::split_command(flags.cmd);
  if (!flags.args.empty()) run.cmd = flags.args;
  if (run.user && run.user->empty()) throw UsageError("--user: empty");
  if (run.working_dir && (run.working_dir->empty() || run.working_dir->front() != '/'))
    throw UsageError("--workdir '" + *run.working_dir + "': must be an absolute path");
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
  add_run_flags(cmd, flags);
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
  prepare_run(flags);
  prepare_compose(flags);
  options.cancel = &cancel_requested;
  options.proceed = &proceed_requested;
  install_handlers();
}

void run_analysis_command(
    const AnalysisFlags& flags, pipeline::AnalysisOptions& analysis,
    const std::optional<std::filesystem::path>& seccomp_profile,
    const std::function<void(const engine::Engine&, progress::ProgressReporter&)>& run,
    int& exit_code) {
  progress::ProgressReporter progress(std::cerr, progress::style_for_fd(STDERR_FILENO));
  try {
    EngineConnection connection(flags.engine);
    engine::EngineClient engine = connection.client();
    analysis.published_host = connection.endpoint().published_host();
    analysis.publish_address = connection.endpoint().on_this_machine() ? "127.0.0.1" : "0.0.0.0";
    analysis.container_addresses_reachable = connection.endpoint().on_this_machine();
    analysis.offer_layer_pipe = connection.endpoint().on_this_machine();
    if (seccomp_profile) {
      try {
        pipeline::check_profile_destination(*seccomp_profile);
      } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError("--seccomp", e.what());
      }
    }
    // Before the run makes anything: what dead runs left goes, and a watch removes what this
    // one makes should it die.
    pipeline::RunWatch watch(engine, [&connection](const auto& use) { connection.after_run(use); });
    std::unique_ptr<compose::Companions> companions;
    if (flags.compose) {
      companions = std::make_unique<compose::Companions>(
          engine, *flags.compose, flags.service, progress, analysis.timeout, analysis.cancel);
    }
    analysis.watch = &watch;
    run(engine, progress);
  } catch (const pipeline::Interrupted&) {
    std::cerr << "minify: interrupted; every container and temporary file it made is removed\n";
    exit_code = kInterrupted;
  }
}

void fail_verify(const std::string& logs, std::string_view whose_output, std::string_view what,
                 int& exit_code) {
  if (!logs.empty()) std::cerr << "minify: " << whose_output << ":\n" << logs << "\n";
  std::cerr << "minify: verify failed: " << what << "\n";
  exit_code = kCheckFailed;
}

std::ostream& write_report(const AnalysisFlags& flags, const nlohmann::json& report) {
  if (!flags.report_file.empty()) {
    std::ofstream out(flags.report_file);
    out << report.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write the report to " + flags.report_file);
  }
  if (!flags.json) return std::cout;
  std::cout << report.dump(2) << "\n";
  return std::cerr;
}

}  // namespace minify::cli
