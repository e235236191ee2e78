#include "hold.h"

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

void block_stop_signals() {
  sigset_t stops = stop_signals();
  sigprocmask(SIG_BLOCK, &stops, nullptr);
}

}  // namespace

void announce(std::string_view line) {
  block_stop_signals();
  std::cout << line << '\n' << std::flush;
  if (!std::cout) throw std::runtime_error("cannot write to stdout that the pack is done");
}

void hold() {
  block_stop_signals();
  sigset_t stops = stop_signals();
  int received = 0;
  sigwait(&stops, &received);
}

}  // namespace minify::sensor
