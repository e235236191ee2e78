#include "trace/trace_session.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "trace/app_launcher.h"
#include "trace/capabilities.h"
#include "trace/proc_files.h"
#include "trace/record_writer.h"
#include "trace/seccomp_filter.h"
#include "trace/signal_names.h"
#include "trace/tracee_memory.h"

namespace minify::sensor {
namespace {

#if defined(__x86_64__)
constexpr const char* kArch = "x86_64";
#elif defined(__aarch64__)
constexpr const char* kArch = "aarch64";
#else
#error "unsupported architecture: add its libseccomp name"
#endif

// Short enough that a signal or a fanotify burst waits little; long enough to cost nothing.
constexpr int kTickMs = 100;

bool has_cap_sys_admin() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return (data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32))) != 0;
}

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(s));
}

std::string signal_text(int sig) {
  const char* name = sigabbrev_np(sig);
  return name != nullptr ? std::string("SIG") + name : "signal " + std::to_string(sig);
}

std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace

TraceSession::TraceSession(protocol::TraceArgs options) : options_(std::move(options)) {}

int TraceSession::fail_before_start(const std::string& reason, int status) {
  std::cerr << "sensor: " << reason << "\n";
  log_.warn("the app could not be started: " + reason);
  exit_status_ = status;
  write_record(true);
  return status;
}

int TraceSession::run() {
  started_unix_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  // Outside a container (tests), orphans of the app are reparented to the sensor as they would
  // be to PID 1, so that it reaps them and waits for them alike.
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(options_.record_path).parent_path(),
                                      ignored);

  LaunchSpec launch;
  launch.argv = options_.argv;
  launch.full = options_.mode == protocol::TraceMode::kFull;
  launch.granted = native_syscall_numbers(options_.granted);
  for (const auto& cap : protocol::kSensorCapabilities)
    if (std::find(options_.keep_caps.begin(), options_.keep_caps.end(), cap.name) ==
        options_.keep_caps.end())
      launch.drop_caps.push_back(cap.number);
  if (options_.user) {
    try {
      launch.credentials = resolve_user(*options_.user, "/");
    } catch (const std::exception& e) {
      return fail_before_start(e.what(), kSetupFailed);
    }
  }
  auto exec_path = find_executable(options_.argv[0]);
  if (!exec_path)
    return fail_before_start("'" + options_.argv[0] + "': not found in $PATH", kNotFound);
  launch.exec_path = *exec_path;

  for (int sig = 1; sig <= 64; ++sig) {
    if (is_default_stop_signal(sig)) stop_signals_ |= signal_bit(sig);
  }
  if (options_.stop_signal) {
    // The engine sends the image's StopSignal: it stops the app as `docker stop` would.
    std::optional<int> sig = signal_number(*options_.stop_signal);
    if (sig && is_relayed_signal(*sig)) {
      stop_signals_ |= signal_bit(*sig);
    } else if (!sig) {
      log_.warn("--stop-signal '" + *options_.stop_signal +
                "' names no signal: SIGTERM, SIGINT and SIGQUIT stop the app");
    } else if (*sig != SIGKILL) {
      log_.warn("--stop-signal " + signal_text(*sig) +
                " is one the sensor keeps for itself: it does not reach the app");
    }
  }
  if (options_.fanotify) {
    if (std::string reason = fanotify_.start(); !reason.empty()) log_.warn(reason);
  } else {
    log_.warn("fanotify off (--no-fanotify): recorded by ptrace alone");
  }
  // Before the fork: loading it needs CAP_SYS_ADMIN, which the sensor gives up then. Not when the
  // app keeps CAP_SYS_ADMIN: it could make pid namespaces of its own, which the program leaves out.
  const bool app_keeps_admin = std::find(options_.keep_caps.begin(), options_.keep_caps.end(),
                                         "SYS_ADMIN") != options_.keep_caps.end();
  if (options_.bpf && !app_keeps_admin) {
    if (std::string reason = bpf_.start(getpid()); !reason.empty()) {
      log_.warn("eBPF unavailable (" + reason + "): readlink is handed over, slower");
    } else {
      launch.in_kernel.push_back(BpfReadlinkRecorder::syscall_number());
      tracer_.stop_at_exits();
    }
  }
  int listener_slot = kListenerPending;
  const bool notify =
      options_.interception == protocol::Interception::kNotify && SeccompListener::supported();
  if (notify) launch.listener_slot = &listener_slot;
  if (options_.interception == protocol::Interception::kNotify && !notify) {
    log_.warn(
        "seccomp user notifications unavailable (Linux 5.6 and pidfd_getfd needed): ptrace "
        "stops instead, slower");
  }
  launch.no_new_privs = !has_cap_sys_admin();
  if (launch.no_new_privs) {
    log_.warn(
        "no CAP_SYS_ADMIN: the app runs with no_new_privs (setuid and file-capability "
        "binaries do not gain privileges)");
  }

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    return fail_before_start(std::string("pipe: ") + std::strerror(errno), kSetupFailed);
  }
  launch.error_fd = error_pipe[1];
  relay_.install(kTickMs);
  pid_t app;
  try {
    app = launch_app(launch);
  } catch (const std::exception& e) {
    ::close(error_pipe[0]);
    ::close(error_pipe[1]);
    return fail_before_start(e.what(), kSetupFailed);
  }
  ::close(error_pipe[1]);
  // CAP_SYS_ADMIN served fanotify_init (above) and the app's filter (its process holds its own
  // copy): the sensor, which reads what an untrusted app hands it, keeps only ptrace from here.
  const int admin[] = {CAP_SYS_ADMIN};
  if (const char* step = drop_capabilities(admin)) {
    log_.warn(std::string("could not drop CAP_SYS_ADMIN from the sensor (") + step +
              "): " + std::strerror(errno));
  }

  int status = 0;
  while (waitpid(app, &status, __WALL) < 0 && errno == EINTR) {
  }
  app_started_ = Clock::now();
  next_flush_ = *app_started_ + seconds(options_.flush_interval_seconds);
  if (WIFSTOPPED(status)) {
    try {
      tracer_.start(app, options_.argv);
      if (notify) take_listener(app, &listener_slot);
      event_loop();
    } catch (const std::exception& e) {
      kill(app, SIGKILL);
      while (waitpid(-1, &status, __WALL) > 0 || errno == EINTR) {
      }
      log_.warn(std::string("tracing failed: ") + e.what());
      std::cerr << "sensor: tracing failed: " << e.what() << "\n";
      exit_status_ = kSetupFailed;
    }
  } else {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  app_ended_ = Clock::now();
  drain_kernel_records();
  if (bpf_.lost() > 0) {
    log_.warn(std::to_string(bpf_.lost()) +
              " readlink calls were not recorded: the eBPF ring buffer was full");
  }
  if (std::uint64_t skipped = bpf_.skipped_runs(); skipped > 0) {
    // Preemptible syscall tracepoints (recent kernels) can nest two returns on one CPU; the
    // kernel then skips the second run. Never seen here (0 in tomcat-war's start), but a
    // readlink among those returns would be missing.
    log_.warn("the eBPF program was skipped at " + std::to_string(skipped) +
              " syscall returns (already running on that CPU): a readlink among them is not "
              "recorded");
  }
  if (std::string reason = read_all(error_pipe[0]); !reason.empty()) log_.warn(reason);
  ::close(error_pipe[0]);
  listener_.close();
  if (!exit_status_) exit_status_ = tracer_.app_status();
  fanotify_.drain(log_, protocol::kSensorDir);
  write_ports();
  holding_ = options_.hold && stop_came_;
  write_record(true);
  return exit_status_.value_or(kSetupFailed);
}

void TraceSession::take_listener(pid_t app, const int* slot) {
  // The app's process installs its filter right after its first stop, then waits at its next
  // notified syscall (execve at the latest) until the listener is taken and answers.
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  while (true) {
    int number = kListenerPending;
    if (!read_tracee_bytes(app, reinterpret_cast<std::uintptr_t>(slot), &number, sizeof number)) {
      number = kListenerPending;  // the process is gone: its report says how
    }
    if (number == kNoListener) {
      log_.warn("the seccomp filter could not notify: ptrace stops instead, slower");
      return;
    }
    if (number >= 0) {
      if (!listener_.take_from(app, number)) {
        throw std::runtime_error("could not take the seccomp listener from the app's process");
      }
      notified_ = true;
      tracer_.set_notifying();
      return;
    }
    int status = 0;
    if (waitpid(app, &status, __WALL | WNOHANG) == app) {
      tracer_.handle(app, status);  // it failed before installing its filter
      return;
    }
    if (Clock::now() > give_up) {
      throw std::runtime_error("the app's process did not install its seccomp filter in 10 s");
    }
    usleep(100);
  }
}

void TraceSession::event_loop() {
  if (listener_.active()) {
    notify_loop();
  } else {
    ptrace_loop();
  }
}

void TraceSession::notify_loop() {
  bool reports_pending = true;  // a report may have come before SIGCHLD was caught
  while (true) {
    if (SignalSet signals = relay_.take_signals(); signals != 0) forward(signals);
    if (relay_.take_tick()) on_tick();
    if (relay_.take_child_event()) reports_pending = true;
    if (reports_pending) {
      reports_pending = false;
      int status = 0;
      pid_t tid;
      while ((tid = waitpid(-1, &status, __WALL | WNOHANG)) > 0) {
        drain_kernel_records();
        tracer_.handle(tid, status);
        write_ports();
      }
      end_leftovers_of_stop();
      if (tid < 0 && errno == ECHILD) return;
      if (tracer_.app_status() && tracer_.idle()) return;
    }
    // SIGCHLD is let through only while waiting here: a report that came since the drain above
    // interrupts this wait at once rather than being missed until the next tick.
    // The ring polls readable once half full; it is drained after any wake-up anyway.
    pollfd fds[2] = {{bpf_.fd(), POLLIN, 0}, {listener_.fd(), POLLIN, 0}};
    int ready = ppoll(fds, listener_.active() ? 2 : 1, nullptr, &relay_.wait_mask());
    drain_kernel_records();
    if (ready <= 0) continue;  // EINTR: a signal, a tick or a child's report
    const pollfd& listener = fds[1];
    if ((listener.revents & POLLIN) != 0) {
      const seccomp_notif* request = nullptr;
      if (listener_.receive(request)) {
        std::uint64_t args[6];
        std::copy(std::begin(request->data.args), std::end(request->data.args), args);
        tracer_.on_notification(static_cast<pid_t>(request->pid), request->data.nr, args);
        write_ports();
        listener_.let_through();
      }
    } else if ((listener.revents & (POLLHUP | POLLERR)) != 0) {
      listener_.close();  // no process runs under the filter any more
    }
  }
}

void TraceSession::ptrace_loop() {
  while (true) {
    if (SignalSet signals = relay_.take_signals(); signals != 0) forward(signals);
    if (relay_.take_tick()) on_tick();
    int status = 0;
    pid_t tid = waitpid(-1, &status, __WALL);
    if (tid < 0) {
      if (errno == EINTR) continue;
      return;  // ECHILD: nothing left to trace or reap
    }
    drain_kernel_records();
    tracer_.handle(tid, status);
    write_ports();
    end_leftovers_of_stop();
    // Done when the app and all it started are gone, even if a child that was never traced (a
    // `docker exec` process reparented to PID 1) still runs: as PID 1 exits, the container ends.
    if (tracer_.app_status() && tracer_.idle()) return;
  }
}

void TraceSession::forward(SignalSet signals) {
  for (int sig = 1; sig <= 64; ++sig) {
    if ((signals & signal_bit(sig)) == 0) continue;
    const bool stop = (stop_signals_ & signal_bit(sig)) != 0;
    stop_came_ |= stop;
    if (tracer_.app_status()) {
      // The app is gone: what it left running gets the signal.
      for (pid_t pid : tracer_.live_processes()) kill(pid, sig);
    } else if (auto caught = caught_signals(tracer_.app());
               !caught || (*caught & signal_bit(sig))) {
      kill(tracer_.app(), sig);
      stopping_app_ |= stop;
    } else if (stop) {
      // Natively the app is the container's first process, which the kernel spares the signals
      // it has no handler for: the stop signal changes nothing until the engine's SIGKILL after
      // its grace, which kills everything. The same now, without the wait.
      kill_remaining("the app does not handle the stop signal (" + signal_text(sig) +
                     "), which natively changes nothing until the engine kills it: killed");
      continue;
    } else {
      continue;  // ignored, as by the app run natively as the first process
    }
    if (stop && !kill_at_) kill_at_ = Clock::now() + seconds(options_.grace_seconds);
  }
}

void TraceSession::kill_remaining(const std::string& why) {
  killed_ = true;
  auto pids = tracer_.live_processes();
  for (pid_t pid : pids) kill(pid, SIGKILL);
  if (!pids.empty()) log_.warn(why + " " + std::to_string(pids.size()) + " process(es)");
}

void TraceSession::end_leftovers_of_stop() {
  if (!stopping_app_ || killed_ || !tracer_.app_status() || tracer_.idle()) return;
  kill_remaining(
      "the app exited after the stop signal; as the end of a container's first process does, "
      "killed what it left running:");
}

void TraceSession::drain_kernel_records() {
  bpf_.drain([this](const BpfReadlinkRecorder::Readlink& readlink) {
    tracer_.on_kernel_readlink(readlink.tid, BpfReadlinkRecorder::syscall_number(), readlink.path,
                               readlink.readable);
  });
}

void TraceSession::on_tick() {
  drain_kernel_records();
  fanotify_.drain(log_, protocol::kSensorDir);
  write_ports();
  const auto now = Clock::now();
  if (kill_at_ && !killed_ && now >= *kill_at_) {
    kill_remaining("still running " + std::to_string(options_.grace_seconds) +
                   " s after the stop signal: killed");
  }
  if (options_.flush_interval_seconds > 0 && now >= next_flush_) {
    write_record(false);
    next_flush_ = now + seconds(options_.flush_interval_seconds);
  }
}

void TraceSession::write_ports() {
  // Written once per new port (a server opens one or two), as its listen() is handed over rather
  // than at the next tick (up to 100 ms later): the host polls the file to learn when to probe.
  // A cheap comparison for every other syscall.
  const auto& ports = log_.listening_ports();
  if (ports.size() == ports_written_) return;
  try {
    write_ports_file(protocol::listening_ports_path(options_.record_path), ports);
    ports_written_ = ports.size();
  } catch (const std::exception& e) {
    if (!write_failed_) std::cerr << "sensor: " << e.what() << "\n";
    write_failed_ = true;
    ports_written_ = ports.size();
  }
}

void TraceSession::write_record(bool complete) {
  record::Record record = log_.snapshot();
  record.sensor_version = MINIFY_VERSION;
  record.mode = protocol::mode_name(options_.mode);
  record.complete = complete;
  record.arch = kArch;
  record.interception = notified_ ? "seccomp-notify" : "ptrace";
  record.fanotify = fanotify_.active();
  if (bpf_.active()) record.bpf_syscalls = {"readlink"};
  record.exit_status = complete ? exit_status_ : std::nullopt;
  record.started_unix_ms = started_unix_ms_;
  if (app_started_) {
    auto end = app_ended_.value_or(Clock::now());
    record.app_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(end - *app_started_).count();
  }
  try {
    write_record_file(
        holding_ ? protocol::final_record_path(options_.record_path) : options_.record_path,
        record);
  } catch (const std::exception& e) {
    if (!write_failed_) std::cerr << "sensor: " << e.what() << "\n";
    write_failed_ = true;
  }
}

}  // namespace minify::sensor
