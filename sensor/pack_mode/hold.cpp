#include "pack_mode/hold.h"

#include <signal.h>

#include <iostream>

namespace minify::sensor {

int announce_and_hold(std::string_view line) {
  sigset_t stops;
  sigemptyset(&stops);
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) sigaddset(&stops, signal);
  // Blocked before the line goes out: a stop sent the moment the host reads it is queued, not
  // dropped.
  sigprocmask(SIG_BLOCK, &stops, nullptr);
  std::cout << line << '\n' << std::flush;
  if (!std::cout) {
    std::cerr << "sensor pack: cannot write to stdout that the pack is done\n";
    return 1;
  }
  int received = 0;
  sigwait(&stops, &received);
  return 0;
}

}  // namespace minify::sensor
