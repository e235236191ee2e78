#pragma once
// The sensor's signal handling as PID 1: the signals it forwards to the app are caught and
// queued; a periodic tick interrupts the blocking waitpid so that queued signals, fanotify events
// and record flushes are handled even while the app makes no traced syscall.

#include <cstdint>

namespace minify::sensor {

// Forwarded to the app: SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2.
bool is_forwarded_signal(int sig);
// The ones that stop the app and start the grace period: SIGTERM, SIGINT, SIGQUIT.
bool is_stop_signal(int sig);

class SignalRelay {
 public:
  // Installs the handlers (without SA_RESTART: they interrupt waitpid) and a tick timer of
  // `tick_ms`. One relay per process: the handlers write to process-wide state.
  void install(int tick_ms);
  // The forwarded signals received since the last call, as a bit set (bit n: signal n), cleared.
  std::uint64_t take_signals();
  // Whether a tick elapsed since the last call; cleared.
  bool take_tick();
  // In the app's child before exec: default dispositions, empty mask, no timer.
  static void reset_in_child();
};

}  // namespace minify::sensor
