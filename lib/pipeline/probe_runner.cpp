#include "pipeline/probe_runner.h"

#include "pipeline/interrupted.h"
#include "probe/exec_probe.h"
#include "probe/host_exec.h"
#include "probe/readiness.h"

namespace minify::pipeline {

ProbeLog ProbeRunner::run(const AppContainer& app, const ProbeLog* sent) const {
  ProbeLog log;
  // Between attempts: Ctrl-C, then whether the app is still there to answer.
  auto check = [&] {
    throw_if_cancelled(cancel_);
    app.expect_running("while waiting for it to answer");
  };
  auto host = [&](int container_port) -> probe::Endpoint {
    auto it = app.ports().find(container_port);
    if (it == app.ports().end())
      throw std::runtime_error("port " + std::to_string(container_port) + " was not published");
    return {"127.0.0.1", it->second};
  };

  if (plan_.http_port) {
    probe::Endpoint endpoint = host(*plan_.http_port);
    probe::wait_for_http(endpoint, plan_.ready_timeout, check,
                         std::to_string(*plan_.http_port) + " (" + endpoint.authority() + ")");
    if (sent) {
      log.http = probe::replay(endpoint, sent->http, plan_.request_timeout, check);
    } else {
      if (plan_.crawl) {
        log.http = probe::crawl(endpoint, plan_.limits, plan_.request_timeout, check);
      }
      for (const auto& request : plan_.requests) {
        check();
        log.http.push_back(
            {request, probe::send_http(endpoint, request, plan_.request_timeout, true)});
      }
    }
  } else if (!plan_.host_commands.empty()) {
    for (auto [container_port, host_port] : app.ports())
      probe::wait_for_tcp(
          {"127.0.0.1", host_port}, plan_.ready_timeout, check,
          std::to_string(container_port) + " (127.0.0.1:" + std::to_string(host_port) + ")");
  }
  for (const auto& e : log.http) log.results.push_back(e.result);

  for (const auto& command : plan_.exec_commands) {
    check();
    log.results.push_back(exec_probe(app, command));
  }
  probe::HostExecOptions host_options;
  host_options.ports = app.ports();
  host_options.timeout = plan_.ready_timeout;
  for (const auto& command : plan_.host_commands) {
    check();
    log.results.push_back(
        probe::run_host_command(command, host_options, [&] { throw_if_cancelled(cancel_); }));
  }
  return log;
}

probe::ProbeResult ProbeRunner::exec_probe(const AppContainer& app,
                                           const std::string& command) const {
  return probe::run_exec_probe(command, [&](const std::vector<std::string>& argv) {
    engine::ExecConfig config;
    config.argv = argv;
    config.user = plan_.exec_user;
    auto result = engine_.run_exec(app.id(), config, plan_.request_timeout, cancel_);
    return probe::ExecOutcome{static_cast<int>(result.exit_code), std::move(result.out),
                              std::move(result.err)};
  });
}

}  // namespace minify::pipeline
