#pragma once
// The sensor's signal handling as PID 1: the signals it relays to the app are caught and queued;
// a periodic tick interrupts the blocking waitpid so that queued signals, fanotify events and
// record flushes are handled even while the app makes no traced syscall.

#include <signal.h>

#include <cstdint>

namespace minify::sensor {

// Relayed to the app: every signal a process can catch (real-time ones included, since the
// engine sends the image's StopSignal, whatever it is), but those the sensor keeps for itself:
// SIGCHLD and SIGALRM (its tick), signals its own faults raise (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
// SIGTRAP, SIGSYS, SIGABRT, SIGPIPE, SIGXCPU, SIGXFSZ), job control (SIGTSTP, SIGTTIN, SIGTTOU,
// SIGCONT) and the two glibc reserves (32, 33).
bool is_relayed_signal(int sig);
// The ones that stop the app and start the grace period when no --stop-signal is given: SIGTERM
// (`docker stop`'s default), SIGINT, SIGQUIT.
bool is_default_stop_signal(int sig);

// A set of signals 1 to 64: bit sig - 1.
using SignalSet = std::uint64_t;
inline constexpr SignalSet signal_bit(int sig) {
  return SignalSet{1} << (sig - 1);
}

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
  // The relayed signals received since the last call, cleared.
  SignalSet take_signals();
  // Whether a tick elapsed since the last call; cleared.
  bool take_tick();
  // In the app's child before exec: default dispositions, empty mask, no timer.
  static void reset_in_child();

 private:
  sigset_t wait_mask_{};
};

}  // namespace minify::sensor
