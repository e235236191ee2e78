#include "pipeline/probe_runner.h"

#include <sstream>
#include <thread>

#include "pipeline/archive_files.h"
#include "pipeline/interrupted.h"
#include "probe/exec_probe.h"
#include "probe/host_exec.h"
#include "probe/readiness.h"

namespace minify::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// A port after the first is tried once it listens: it answers HTTP at once or is not HTTP.
constexpr std::chrono::milliseconds kOtherPortTimeout{5000};

// Probes on a port after the first carry it in their name; the first port's keep plain names.
void name_by_port(PortExchanges& exchanges, bool first) {
  if (first) return;
  for (auto& e : exchanges.http) e.result.name += " (port " + std::to_string(exchanges.port) + ")";
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count() / 1000) + "s";
}

}  // namespace

std::string_view route_name(PortRoute route) {
  return route == PortRoute::kPublished ? "published" : "container address";
}

probe::Endpoint ProbeRunner::reach(const AppContainer& app, int port, PortRoute& route) const {
  // The same Host header in every run, whatever host port the engine picked this time: an app
  // that echoes it answers alike.
  std::string host_header = "localhost:" + std::to_string(port);
  if (auto it = app.ports().find(port); it != app.ports().end()) {
    route = PortRoute::kPublished;
    return {plan_.published_host, it->second, host_header};
  }
  // An unexposed port cannot be published once the container runs; the host reaches the
  // container's address on the engine's bridge directly, which only the engine's machine can.
  if (!plan_.container_addresses_reachable)
    throw std::runtime_error("the app listens on port " + std::to_string(port) +
                             ", which the image does not expose, and the engine is not on this "
                             "machine, so its bridge address cannot be reached from here: expose "
                             "the port in the image (EXPOSE), or run minify on the engine's host");
  if (app.address().empty())
    throw std::runtime_error("the app listens on port " + std::to_string(port) +
                             ", which the image does not expose, and the container has no "
                             "address on a bridge network to reach it at");
  route = PortRoute::kContainerAddress;
  return {app.address(), port, host_header};
}

std::vector<int> ProbeRunner::listening_ports(const AppContainer& app) const {
  std::string tar;
  try {
    engine_.get_archive(
        app.id(), ports_file_, [&](std::string_view chunk) { tar.append(chunk); }, cancel_);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kNotFound) return {};  // no listen() yet
    throw;
  }
  std::istringstream lines(single_file_of(tar, "the sensor's listening ports"));
  std::vector<int> ports;
  for (int port; lines >> port;) ports.push_back(port);
  return ports;
}

ProbeLog ProbeRunner::run(const AppContainer& app) const {
  ProbeLog log;
  // Between attempts: Ctrl-C, then whether the app is still there to answer.
  auto check = [&] {
    throw_if_cancelled(cancel_);
    app.expect_running("while waiting for it to answer");
  };

  if (plan_.http) {
    std::vector<int> ports;
    if (plan_.http_port) {
      ports = {*plan_.http_port};
    } else {
      // The sensor writes the file as the app listens; poll it like readiness (while the file is
      // not there, a read costs the engine next to nothing).
      auto deadline = Clock::now() + plan_.ready_timeout;
      while ((ports = listening_ports(app)).empty()) {
        check();
        if (Clock::now() >= deadline)
          throw probe::NotReadyError(
              "the app listened on no TCP port within " + seconds_text(plan_.ready_timeout) +
              "; raise --timeout, or --http-probe=false for an app that serves no HTTP");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    for (std::size_t i = 0; i < ports.size(); ++i) {
      PortExchanges exchanges{ports[i]};
      probe::Endpoint endpoint = reach(app, ports[i], exchanges.route);
      std::string name = std::to_string(ports[i]) + " (" + endpoint.authority() + ")";
      if (i == 0) {
        probe::wait_for_http(endpoint, plan_.ready_timeout, check, name);
        // Ports the app opened while the first came up are probed too, in its order.
        if (!plan_.http_port)
          for (int port : listening_ports(app))
            if (std::find(ports.begin(), ports.end(), port) == ports.end()) ports.push_back(port);
      } else {
        try {
          probe::wait_for_http(endpoint, kOtherPortTimeout, check, name);
        } catch (const probe::NotReadyError&) {
          log.notes.push_back("port " + std::to_string(ports[i]) +
                              ": the app listens on it but it answered no HTTP; not probed");
          continue;
        }
      }
      if (plan_.crawl)
        exchanges.http = probe::crawl(endpoint, plan_.limits, plan_.request_timeout, check);
      if (i == 0) {
        for (const auto& request : plan_.requests) {
          check();
          exchanges.http.push_back(
              {request, probe::send_http(endpoint, request, plan_.request_timeout, true)});
        }
      }
      name_by_port(exchanges, i == 0);
      log.ports.push_back(std::move(exchanges));
    }
  } else if (!plan_.host_commands.empty()) {
    for (auto [container_port, host_port] : app.ports())
      probe::wait_for_tcp({plan_.published_host, host_port}, plan_.ready_timeout, check,
                          std::to_string(container_port) + " (" + plan_.published_host + ":" +
                              std::to_string(host_port) + ")");
  }
  run_commands(app, log, true);
  return log;
}

ProbeLog ProbeRunner::replay(const AppContainer& app, const ProbeLog& sent,
                             bool host_commands) const {
  ProbeLog log;
  auto check = [&] {
    throw_if_cancelled(cancel_);
    app.expect_running("while waiting for it to answer");
  };
  for (std::size_t i = 0; i < sent.ports.size(); ++i) {
    PortExchanges exchanges{sent.ports[i].port};
    probe::Endpoint endpoint = reach(app, exchanges.port, exchanges.route);
    probe::wait_for_http(endpoint, plan_.ready_timeout, check,
                         std::to_string(exchanges.port) + " (" + endpoint.authority() + ")");
    exchanges.http = probe::replay(endpoint, sent.ports[i].http, plan_.request_timeout, check);
    name_by_port(exchanges, i == 0);
    log.ports.push_back(std::move(exchanges));
  }
  if (sent.ports.empty() && host_commands && !plan_.host_commands.empty()) {
    for (auto [container_port, host_port] : app.ports())
      probe::wait_for_tcp({plan_.published_host, host_port}, plan_.ready_timeout, check,
                          std::to_string(container_port) + " (" + plan_.published_host + ":" +
                              std::to_string(host_port) + ")");
  }
  run_commands(app, log, host_commands);
  return log;
}

void ProbeRunner::run_commands(const AppContainer& app, ProbeLog& log, bool host_commands) const {
  for (const auto& port : log.ports)
    for (const auto& e : port.http) log.results.push_back(e.result);
  for (const auto& command : plan_.exec_commands) {
    throw_if_cancelled(cancel_);
    app.expect_running("while waiting for it to answer");
    log.results.push_back(exec_probe(app, command));
  }
  if (!host_commands) return;
  probe::HostExecOptions host_options;
  host_options.host = plan_.published_host;
  host_options.ports = app.ports();
  host_options.timeout = plan_.ready_timeout;
  for (const auto& command : plan_.host_commands) {
    throw_if_cancelled(cancel_);
    app.expect_running("while waiting for it to answer");
    log.results.push_back(
        probe::run_host_command(command, host_options, [&] { throw_if_cancelled(cancel_); }));
  }
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
