#pragma once
// One traced run of the app, as the container's PID 1: starts the app under the tracer, forwards
// signals, enforces the grace period after a stop signal, reaps every child, flushes the record
// periodically and writes it complete at the end.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/sensor_protocol.h"
#include "trace/access_log.h"
#include "trace/bpf_readlink_recorder.h"
#include "trace/fanotify_watch.h"
#include "trace/seccomp_listener.h"
#include "trace/signal_relay.h"
#include "trace/tracer.h"

namespace minify::sensor {

class TraceSession {
 public:
  explicit TraceSession(protocol::TraceArgs options);
  // Runs the app to the end and returns the sensor's exit status: the app's (128 + signal when
  // a signal killed it), or 125/126/127 when it could not be started. Writes the record always:
  // at protocol::final_record_path when holding(), else at the record path.
  int run();
  // Once run() returned: --hold was given and a stop signal came, so the sensor is to wait to be
  // killed rather than exit (protocol::TraceArgs::hold).
  bool holding() const { return holding_; }

 private:
  using Clock = std::chrono::steady_clock;

  // Records why the app could not start, writes the record and returns `status`.
  int fail_before_start(const std::string& reason, int status);
  // Waits until the app's process has installed its filter and takes the listener, whose fd
  // number the child stores at `slot` (see LaunchSpec). Without one (the filter fell back to
  // ptrace stops, or the app failed to start) it returns, having handed any report of the app's
  // process to the tracer. Throws when the listener cannot be taken.
  void take_listener(pid_t app, const int* slot);
  void event_loop();
  // The two shapes of the loop: ptrace reports alone, or ptrace reports and notifications.
  void ptrace_loop();
  void notify_loop();
  // Relays what the engine (or a user) sent the sensor as the app's PID 1 would take it.
  void forward(SignalSet signals);
  // SIGKILL to every traced process left, with a warning saying `why` (when any was left).
  void kill_remaining(const std::string& why);
  // Once the app's process has ended after a stop signal, what it left running is killed at
  // once: natively the app is the container's first process, whose end kills the rest.
  void end_leftovers_of_stop();
  // Hands the readlinks the eBPF program recorded to the tracer. Done before each hand-over and
  // ptrace report is handled, so that a relative path meets the cwd it was named in.
  void drain_kernel_records();
  void on_tick();
  void write_record(bool complete);
  // The listening ports file, when the app opened a port since the last write.
  void write_ports();

  protocol::TraceArgs options_;
  AccessLog log_;
  Tracer tracer_{log_};
  SeccompListener listener_;
  bool notified_ = false;  // the app's syscalls came as notifications (record's "interception")
  FanotifyWatch fanotify_;
  BpfReadlinkRecorder bpf_;
  SignalRelay relay_;
  std::int64_t started_unix_ms_ = 0;
  std::optional<Clock::time_point> app_started_;
  std::optional<Clock::time_point> app_ended_;
  SignalSet stop_signals_ = 0;                // SIGTERM, SIGINT, SIGQUIT and --stop-signal
  std::optional<Clock::time_point> kill_at_;  // set by the first stop signal
  bool stop_came_ = false;                    // a stop signal reached the sensor
  bool stopping_app_ = false;                 // a stop signal reached the app's own process
  bool killed_ = false;
  bool holding_ = false;  // set at the end: the final record goes to its own path (--hold)
  Clock::time_point next_flush_;
  std::optional<int> exit_status_;
  bool write_failed_ = false;      // a failing record write is reported once, not every flush
  std::size_t ports_written_ = 0;  // how many listening ports the ports file holds
};

}  // namespace minify::sensor
