#include "pipeline/app_container.h"

#include <algorithm>
#include <utility>

#include "pipeline/run_owner.h"

namespace minify::pipeline {

std::vector<int> exposed_tcp_ports(const nlohmann::json& image_inspect) {
  std::vector<int> ports;
  auto config = image_inspect.find("Config");
  if (config == image_inspect.end() || !config->is_object()) return ports;
  auto exposed = config->find("ExposedPorts");
  if (exposed == config->end() || !exposed->is_object()) return ports;
  for (const auto& [key, value] : exposed->items()) {
    auto slash = key.find('/');
    std::string proto = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
    if (proto != "tcp") continue;
    try {
      ports.push_back(std::stoi(key.substr(0, slash)));
    } catch (const std::exception&) {
    }
  }
  std::sort(ports.begin(), ports.end());
  return ports;
}

void apply_limits(nlohmann::json& config, const ContainerLimits& limits) {
  if (limits.memory_bytes > 0) config["HostConfig"]["Memory"] = limits.memory_bytes;
  if (limits.pids > 0) config["HostConfig"]["PidsLimit"] = limits.pids;
}

void apply_run_options(nlohmann::json& config, const RunOptions& run) {
  nlohmann::json& host = config["HostConfig"];
  for (const auto& variable : run.env) config["Env"].push_back(variable);
  for (const auto& mount : run.mounts) {
    if (mount.type == Mount::Type::kBind) {
      // Binds, as `docker run -v` sends: the engine makes a missing source directory.
      host["Binds"].push_back(mount.source + ":" + mount.target + (mount.read_only ? ":ro" : ""));
      continue;
    }
    nlohmann::json m = {{"Target", mount.target}, {"ReadOnly", mount.read_only}};
    m["Type"] = mount.type == Mount::Type::kVolume ? "volume" : "tmpfs";
    if (!mount.source.empty()) m["Source"] = mount.source;
    host["Mounts"].push_back(m);
  }
  if (!run.network.empty()) host["NetworkMode"] = run.network;
  for (const auto& h : run.extra_hosts) host["ExtraHosts"].push_back(h);
  if (run.working_dir) config["WorkingDir"] = *run.working_dir;
  for (const auto& p : run.publish) {
    std::string key = std::to_string(p.container) + "/tcp";
    config["ExposedPorts"][key] = nlohmann::json::object();
    host["PortBindings"][key] = {{{"HostIp", p.host_ip}, {"HostPort", p.host_port}}};
  }
  for (const auto& cap : run.cap_add) {
    nlohmann::json& caps = host["CapAdd"];
    if (caps.is_null() || std::find(caps.begin(), caps.end(), cap) == caps.end())
      caps.push_back(cap);
  }
}

AppContainer::AppContainer(const engine::Engine& engine, nlohmann::json config,
                           const std::string& role, const std::vector<int>& publish,
                           const std::string& publish_address)
    : engine_(engine) {
  config["Labels"][kContainerLabel] = role;
  config["Labels"][kOwnerLabel] = RunOwner::self().label();
  for (int port : publish) {
    std::string key = std::to_string(port) + "/tcp";
    // A port the run options bind already (-p) keeps its binding.
    if (config.contains("HostConfig") && config["HostConfig"].contains("PortBindings") &&
        config["HostConfig"]["PortBindings"].contains(key))
      continue;
    config["ExposedPorts"][key] = nlohmann::json::object();
    config["HostConfig"]["PortBindings"][key] = {{{"HostIp", publish_address}, {"HostPort", ""}}};
  }
  id_ = engine_.create_container(config).id;
}

AppContainer::~AppContainer() {
  try {
    remove();
  } catch (...) {
    // A destructor must not throw; the label lets `docker ps -a -f label=minify` find it.
  }
}

void AppContainer::remove() {
  if (id_.empty()) return;
  engine_.remove_container(id_, true, true);
  id_.clear();
}

std::string AppContainer::release() {
  return std::exchange(id_, {});
}

void AppContainer::start() {
  engine_.start_container(id_);
  auto inspect = engine_.inspect_container(id_);
  auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : ""; };
  address_ = text(inspect.value("/NetworkSettings/IPAddress"_json_pointer, nlohmann::json()));
  auto networks = inspect.value("/NetworkSettings/Networks"_json_pointer, nlohmann::json());
  if (address_.empty() && networks.is_object())
    for (const auto& [name, network] : networks.items())
      if (network.is_object() &&
          !(address_ = text(network.value("IPAddress", nlohmann::json()))).empty())
        break;
  auto ports = inspect.value("/NetworkSettings/Ports"_json_pointer, nlohmann::json::object());
  if (!ports.is_object()) return;
  for (const auto& [key, bindings] : ports.items()) {
    if (!bindings.is_array()) continue;
    for (const auto& b : bindings) {
      if (b.value("HostIp", "") != "127.0.0.1" && b.value("HostIp", "") != "0.0.0.0") continue;
      try {
        ports_[std::stoi(key.substr(0, key.find('/')))] = std::stoi(b.value("HostPort", "0"));
      } catch (const std::exception&) {
      }
      break;
    }
  }
}

void AppContainer::expect_running(const std::string& what) const {
  auto inspect = engine_.inspect_container(id_);
  auto state = inspect.value("State", nlohmann::json::object());
  if (state.value("Running", false)) return;
  std::string message =
      what + ": the app exited with status " + std::to_string(state.value("ExitCode", -1));
  std::string tail = output_tail();
  if (!tail.empty()) message += "; its last output:\n" + tail;
  throw AppExited(message);
}

std::string AppContainer::output_tail(std::size_t max) const {
  try {
    engine::LogsOptions options;
    options.tail = "40";
    options.limit = {max, true};  // 40 lines may be 40 GB: keep only what is shown
    auto logs = engine_.container_logs(id_, options, std::chrono::seconds(10));
    std::string text = logs.err.empty() ? logs.out : logs.out + logs.err;
    if (text.size() > max) text = "..." + text.substr(text.size() - max);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace minify::pipeline
