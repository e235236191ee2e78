#include "pack_mode/hold.h"

#include <signal.h>

#include <iostream>
#include <stdexcept>

namespace minify::sensor {
namespace {

sigset_t stop_signals() {
  sigset_t stops;
  sigemptyset(&stops);
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) sigaddset(&stops, signal);
  return stops;
}

}  // namespace

void announce(std::string_view line) {
  sigset_t stops = stop_signals();
  sigprocmask(SIG_BLOCK, &stops, nullptr);
  std::cout << line << '\n' << std::flush;
  if (!std::cout) throw std::runtime_error("cannot write to stdout that the pack is done");
}

int hold() {
  sigset_t stops = stop_signals();
  int received = 0;
  sigwait(&stops, &received);
  return 0;
}

}  // namespace minify::sensor
