#include "trace/signal_relay.h"

#include <signal.h>
#include <sys/time.h>

#include <atomic>

namespace minify::sensor {
namespace {

constexpr int kLastSignal = 64;  // the kernel's _NSIG
constexpr int kKeptForItself[] = {SIGKILL, SIGSTOP, SIGCHLD, SIGALRM, SIGSEGV, SIGBUS,  SIGFPE,
                                  SIGILL,  SIGTRAP, SIGSYS,  SIGABRT, SIGPIPE, SIGXCPU, SIGXFSZ,
                                  SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, 32,      33};

// Signal handlers can only reach process-wide state; these three atomics are all of it.
std::atomic<SignalSet> g_pending_signals{0};
std::atomic<bool> g_tick{false};
std::atomic<bool> g_child{false};

static_assert(std::atomic<SignalSet>::is_always_lock_free);

void on_relayed(int sig) {
  g_pending_signals.fetch_or(signal_bit(sig));
}
void on_tick(int) {
  g_tick.store(true);
}
void on_child(int) {
  g_child.store(true);
}

void set_handler(int sig, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: waitpid must return EINTR
  sigaction(sig, &action, nullptr);
}

}  // namespace

bool is_relayed_signal(int sig) {
  if (sig < 1 || sig > kLastSignal) return false;
  for (int s : kKeptForItself) {
    if (s == sig) return false;
  }
  return true;
}

bool is_default_stop_signal(int sig) {
  return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT;
}

void SignalRelay::install(int tick_ms) {
  for (int sig = 1; sig <= kLastSignal; ++sig) {
    if (is_relayed_signal(sig)) set_handler(sig, on_relayed);
  }
  set_handler(SIGALRM, on_tick);
  set_handler(SIGCHLD, on_child);
  sigset_t child;
  sigemptyset(&child);
  sigaddset(&child, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child, &wait_mask_);
  sigdelset(&wait_mask_, SIGCHLD);
  itimerval timer{};
  timer.it_interval.tv_sec = tick_ms / 1000;
  timer.it_interval.tv_usec = (tick_ms % 1000) * 1000;
  timer.it_value = timer.it_interval;
  setitimer(ITIMER_REAL, &timer, nullptr);
}

SignalSet SignalRelay::take_signals() {
  return g_pending_signals.exchange(0);
}

bool SignalRelay::take_tick() {
  return g_tick.exchange(false);
}

bool SignalRelay::take_child_event() {
  return g_child.exchange(false);
}

void SignalRelay::reset_in_child() {
  for (int sig = 1; sig <= kLastSignal; ++sig) {
    if (is_relayed_signal(sig)) signal(sig, SIG_DFL);
  }
  signal(SIGALRM, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace minify::sensor
