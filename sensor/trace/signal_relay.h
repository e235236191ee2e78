#pragma once
// The sensor's signal handling as PID 1: the signals it forwards to the app are caught and
// queued; a periodic tick interrupts the blocking waitpid so that queued signals, fanotify events
// and record flushes are handled even while the app makes no traced syscall.

#include <signal.h>

#include <cstdint>

namespace minify::sensor {

// Forwarded to the app: SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2.
bool is_forwarded_signal(int sig);
// The ones that stop the app and start the grace period: SIGTERM, SIGINT, SIGQUIT.
bool is_stop_signal(int sig);

class SignalRelay {
 public:
  // Installs the handlers (without SA_RESTART: they interrupt waitpid) and a tick timer of
  // `tick_ms`. One relay per process: the handlers write to process-wide state. SIGCHLD is
  // blocked but for the waits made with wait_mask(), so that a child's report that arrives
  // before such a wait still interrupts it (no lost wake-up).
  void install(int tick_ms);
  // The signal mask for ppoll: the current one with SIGCHLD let through.
  const sigset_t& wait_mask() const { return wait_mask_; }
  // Whether a SIGCHLD (a tracee stopped or exited) came since the last call; cleared.
  bool take_child_event();
  // The forwarded signals received since the last call, as a bit set (bit n: signal n), cleared.
  std::uint64_t take_signals();
  // Whether a tick elapsed since the last call; cleared.
  bool take_tick();
  // In the app's child before exec: default dispositions, empty mask, no timer.
  static void reset_in_child();

 private:
  sigset_t wait_mask_{};
};

}  // namespace minify::sensor
