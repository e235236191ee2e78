#include "pipeline/run_owner.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace minify::pipeline {
namespace {

std::string current_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!std::getline(in, id) || id.empty())
    throw std::runtime_error("cannot read /proc/sys/kernel/random/boot_id");
  return id;
}

template <typename Number>
std::optional<Number> number_of(std::string_view text) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint64_t> process_start(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int n = 3; n <= 22; ++n)
    if (!(fields >> field)) return std::nullopt;
  return number_of<std::uint64_t>(field);
}

RunOwner RunOwner::self() {
  RunOwner owner{current_boot_id(), ::getpid(), 0};
  auto start = process_start(owner.pid);
  if (!start) throw std::runtime_error("cannot read /proc/self/stat");
  owner.start = *start;
  return owner;
}

std::string RunOwner::label() const {
  return boot_id + "/" + std::to_string(pid) + "/" + std::to_string(start);
}

std::optional<RunOwner> RunOwner::parse(std::string_view label) {
  auto first = label.find('/');
  auto second = label.find('/', first == std::string_view::npos ? first : first + 1);
  if (first == 0 || first == std::string_view::npos || second == std::string_view::npos)
    return std::nullopt;
  auto pid = number_of<pid_t>(label.substr(first + 1, second - first - 1));
  auto start = number_of<std::uint64_t>(label.substr(second + 1));
  if (!pid || *pid <= 0 || !start) return std::nullopt;
  return RunOwner{std::string(label.substr(0, first)), *pid, *start};
}

bool RunOwner::dead() const {
  if (!boot_id.empty() && boot_id != current_boot_id()) return false;
  auto now = process_start(pid);
  return !now || *now != start;
}

}  // namespace minify::pipeline
