#include "trace/access_log.h"

#include <algorithm>

namespace minify::sensor {

void AccessLog::add_path(std::string_view path, std::uint32_t ops, std::uint32_t source,
                         std::string_view process) {
  auto it = paths_.find(path);
  if (it == paths_.end()) it = paths_.emplace(std::string(path), Access{}).first;
  if (it->second.process.empty()) it->second.process = process;
  it->second.ops |= ops;
  it->second.sources |= source;
}

void AccessLog::count_syscall(long nr) {
  if (nr >= 0 && static_cast<std::size_t>(nr) < syscall_counts_.size()) {
    ++syscall_counts_[static_cast<std::size_t>(nr)];
  } else {
    ++other_syscall_counts_[nr];
  }
}

record::Process& AccessLog::start_process(pid_t pid, pid_t ppid) {
  latest_process_[pid] = processes_.size();
  record::Process& process = processes_.emplace_back();
  process.pid = pid;
  process.ppid = ppid;
  return process;
}

record::Process* AccessLog::process(pid_t pid) {
  auto it = latest_process_.find(pid);
  return it == latest_process_.end() ? nullptr : &processes_[it->second];
}

void AccessLog::add_listening_port(int port) {
  if (std::find(listening_ports_.begin(), listening_ports_.end(), port) == listening_ports_.end())
    listening_ports_.push_back(port);
}

void AccessLog::warn(std::string text) {
  if (std::find(warnings_.begin(), warnings_.end(), text) == warnings_.end()) {
    warnings_.push_back(std::move(text));
  }
}

record::Record AccessLog::snapshot() const {
  record::Record record;
  record.warnings = warnings_;
  record.paths.reserve(paths_.size());
  for (const auto& [path, access] : paths_) {
    record.paths.push_back({path, access.ops, access.sources, access.process});
  }
  std::sort(record.paths.begin(), record.paths.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  for (std::size_t nr = 0; nr < syscall_counts_.size(); ++nr) {
    if (syscall_counts_[nr] != 0) {
      record.syscalls.push_back({static_cast<int>(nr), syscall_counts_[nr]});
    }
  }
  for (const auto& [nr, count] : other_syscall_counts_) {
    record.syscalls.push_back({static_cast<int>(nr), count});
  }
  std::sort(record.syscalls.begin(), record.syscalls.end(),
            [](const auto& a, const auto& b) { return a.nr < b.nr; });
  record.processes = processes_;
  record.listening_ports = listening_ports_;
  return record;
}

}  // namespace minify::sensor
