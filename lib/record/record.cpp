#include "record/record.h"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"

namespace minify::record {
namespace {

constexpr std::array<std::string_view, 10> kOpNames = {
    "read", "write", "create", "stat", "exec", "readlink", "chdir", "delete", "xattr", "socket"};
constexpr std::array<std::string_view, 3> kSourceNames = {"ptrace", "fanotify", "bpf"};

template <std::size_t N>
std::vector<std::string> bit_names(std::uint32_t bits,
                                   const std::array<std::string_view, N>& names) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < N; ++i) {
    if (bits & (1u << i)) out.emplace_back(names[i]);
  }
  return out;
}

template <std::size_t N>
std::uint32_t bits_from_names(const std::vector<std::string>& given,
                              const std::array<std::string_view, N>& names, const char* what) {
  std::uint32_t bits = 0;
  for (const auto& name : given) {
    std::size_t i = 0;
    while (i < N && names[i] != name) ++i;
    if (i == N) throw std::invalid_argument(std::string("unknown ") + what + " '" + name + "'");
    bits |= 1u << i;
  }
  return bits;
}

template <typename T>
T field(const nlohmann::json& json, const char* name) {
  auto it = json.find(name);
  if (it == json.end())
    throw std::runtime_error(std::string("record: missing field '") + name + "'");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("record: field '") + name + "': " + e.what());
  }
}

// A file name (byte_names/name_json.h) or a list of them.
std::string name_field(const nlohmann::json& json, const char* name) {
  try {
    return byte_names::name_from_json(field<nlohmann::json>(json, name));
  } catch (const byte_names::NameJsonError& e) {
    throw std::runtime_error(std::string("record: field '") + name + "': " + e.what());
  }
}

std::vector<std::string> names_field(const nlohmann::json& json, const char* name) {
  try {
    return byte_names::names_from_json(field<nlohmann::json>(json, name));
  } catch (const byte_names::NameJsonError& e) {
    throw std::runtime_error(std::string("record: field '") + name + "': " + e.what());
  }
}

template <typename T>
std::optional<T> optional_field(const nlohmann::json& json, const char* name) {
  auto it = json.find(name);
  if (it == json.end() || it->is_null()) return std::nullopt;
  return field<T>(json, name);
}

nlohmann::json optional_json(const std::optional<int>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<std::string> op_names(std::uint32_t ops) {
  return bit_names(ops, kOpNames);
}

std::uint32_t ops_from_names(const std::vector<std::string>& names) {
  return bits_from_names(names, kOpNames, "operation");
}

nlohmann::json to_json(const Record& record) {
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& p : record.paths) {
    nlohmann::json entry = {{"path", byte_names::name_to_json(p.path)},
                            {"ops", op_names(p.ops)},
                            {"sources", bit_names(p.sources, kSourceNames)}};
    if (!p.process.empty()) entry["process"] = byte_names::name_to_json(p.process);
    paths.push_back(std::move(entry));
  }
  nlohmann::json syscalls = nlohmann::json::array();
  for (const auto& s : record.syscalls) syscalls.push_back({{"nr", s.nr}, {"count", s.count}});
  nlohmann::json processes = nlohmann::json::array();
  for (const auto& p : record.processes) {
    processes.push_back({{"pid", p.pid},
                         {"ppid", p.ppid},
                         {"argv", byte_names::names_to_json(p.argv)},
                         {"exe", byte_names::name_to_json(p.exe)},
                         {"exit_code", optional_json(p.exit_code)},
                         {"exit_signal", optional_json(p.exit_signal)}});
  }
  // Warnings are messages, which may quote a file name: made printable, never invalid JSON.
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : record.warnings) warnings.push_back(byte_names::printable(w));
  nlohmann::json json = {{"format_version", record.format_version},
                         {"sensor_version", record.sensor_version},
                         {"mode", record.mode},
                         {"complete", record.complete},
                         {"arch", record.arch},
                         {"interception", record.interception},
                         {"fanotify", record.fanotify},
                         {"warnings", warnings},
                         {"paths", paths},
                         {"syscalls", syscalls},
                         {"processes", processes},
                         {"listening_ports", record.listening_ports},
                         {"exit_status", optional_json(record.exit_status)},
                         {"started_unix_ms", record.started_unix_ms},
                         {"app_ms", record.app_ms}};
  if (!record.bpf_syscalls.empty()) json["bpf_syscalls"] = record.bpf_syscalls;
  return json;
}

Record record_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw std::runtime_error("record: not a JSON object");
  Record record;
  record.format_version = field<int>(json, "format_version");
  if (record.format_version != kFormatVersion) {
    throw std::runtime_error("record: format version " + std::to_string(record.format_version) +
                             " is not supported (this build reads version " +
                             std::to_string(kFormatVersion) + ")");
  }
  record.sensor_version = field<std::string>(json, "sensor_version");
  record.mode = field<std::string>(json, "mode");
  record.complete = field<bool>(json, "complete");
  record.arch = field<std::string>(json, "arch");
  record.interception = field<std::string>(json, "interception");
  record.fanotify = field<bool>(json, "fanotify");
  if (json.contains("bpf_syscalls")) {
    record.bpf_syscalls = field<std::vector<std::string>>(json, "bpf_syscalls");
  }
  record.warnings = field<std::vector<std::string>>(json, "warnings");
  for (const auto& p : field<nlohmann::json>(json, "paths")) {
    PathEntry entry;
    entry.path = name_field(p, "path");
    entry.ops = ops_from_names(field<std::vector<std::string>>(p, "ops"));
    entry.sources =
        bits_from_names(field<std::vector<std::string>>(p, "sources"), kSourceNames, "source");
    if (p.contains("process")) entry.process = name_field(p, "process");
    record.paths.push_back(std::move(entry));
  }
  for (const auto& s : field<nlohmann::json>(json, "syscalls")) {
    record.syscalls.push_back({field<int>(s, "nr"), field<std::uint64_t>(s, "count")});
  }
  for (const auto& p : field<nlohmann::json>(json, "processes")) {
    Process process;
    process.pid = field<int>(p, "pid");
    process.ppid = field<int>(p, "ppid");
    process.argv = names_field(p, "argv");
    process.exe = name_field(p, "exe");
    process.exit_code = optional_field<int>(p, "exit_code");
    process.exit_signal = optional_field<int>(p, "exit_signal");
    record.processes.push_back(std::move(process));
  }
  record.listening_ports = field<std::vector<int>>(json, "listening_ports");
  record.exit_status = optional_field<int>(json, "exit_status");
  record.started_unix_ms = field<std::int64_t>(json, "started_unix_ms");
  record.app_ms = field<std::int64_t>(json, "app_ms");
  return record;
}

}  // namespace minify::record
