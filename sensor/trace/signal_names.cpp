#include "trace/signal_names.h"

#include <signal.h>

#include <cctype>
#include <charconv>
#include <string>

namespace minify::sensor {
namespace {

struct Named {
  std::string_view name;
  int number;
};

// Linux's signals by their names without "SIG" (POSIX's and Linux's own), as the engine knows them.
constexpr Named kNames[] = {
    {"ABRT", SIGABRT}, {"ALRM", SIGALRM}, {"BUS", SIGBUS},       {"CHLD", SIGCHLD},
    {"CLD", SIGCHLD},  {"CONT", SIGCONT}, {"FPE", SIGFPE},       {"HUP", SIGHUP},
    {"ILL", SIGILL},   {"INT", SIGINT},   {"IO", SIGIO},         {"IOT", SIGIOT},
    {"KILL", SIGKILL}, {"PIPE", SIGPIPE}, {"POLL", SIGPOLL},     {"PROF", SIGPROF},
    {"PWR", SIGPWR},   {"QUIT", SIGQUIT}, {"SEGV", SIGSEGV},     {"STKFLT", SIGSTKFLT},
    {"STOP", SIGSTOP}, {"SYS", SIGSYS},   {"TERM", SIGTERM},     {"TRAP", SIGTRAP},
    {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},     {"URG", SIGURG},
    {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"VTALRM", SIGVTALRM}, {"WINCH", SIGWINCH},
    {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
};

// The kernel's real-time range: 32 to 64. The engine counts RTMIN from 34, as glibc does (it keeps
// 32 and 33 for itself), so "RTMIN+3" is what an image built for systemd means by it.
constexpr int kRtMin = 34;
constexpr int kRtMax = 64;

std::optional<int> number_of(std::string_view text) {
  int n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return {};
  return n;
}

std::optional<int> in_range(std::optional<int> sig) {
  if (!sig || *sig < 1 || *sig > kRtMax) return {};
  return sig;
}

}  // namespace

std::optional<int> signal_number(std::string_view name) {
  if (auto n = number_of(name)) return in_range(n);
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view bare = upper;
  if (bare.starts_with("SIG")) bare.remove_prefix(3);
  for (const auto& named : kNames) {
    if (named.name == bare) return named.number;
  }
  if (bare == "RTMIN") return kRtMin;
  if (bare == "RTMAX") return kRtMax;
  if (bare.starts_with("RTMIN+")) {
    auto n = number_of(bare.substr(6));
    if (n && *n >= 0 && kRtMin + *n <= kRtMax) return kRtMin + *n;
  }
  if (bare.starts_with("RTMAX-")) {
    auto n = number_of(bare.substr(6));
    if (n && *n >= 0 && kRtMax - *n >= kRtMin) return kRtMax - *n;
  }
  return {};
}

}  // namespace minify::sensor
