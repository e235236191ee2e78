#pragma once
// readlink(2) recorded in the kernel by an eBPF program, so that it needs no hand-over.
//
// Why: the JVM canonicalises every class path component by component through glibc's realpath,
// tens of thousands of readlink calls in a start (60,000 for tomcat). Handed over, each costs two
// context switches (about 8 us here); read in the kernel, about 1 us. The seccomp filter then lets
// readlink run (seccomp_filter.h), and the program records it as it returns.
//
// The program runs at the raw tracepoint sys_exit (every syscall's return, system-wide) and keeps
// SYS_readlink of the sensor's pid namespace but the sensor's own: the thread (its pid in that
// namespace) and the path as the app named it, read from the app's memory as the syscall returns
// (the kernel has just read it: its page is there). Records go into a ring buffer the sensor
// drains before every hand-over and ptrace report it handles, on its tick, and when the ring is
// half full (the ring's fd polls readable). So a relative path is joined to a cwd the thread has
// not left: a chdir is a hand-over, and an exit a ptrace stop (PTRACE_O_TRACEEXIT while this
// recorder runs). readlinkat stays handed over (glibc's realpath calls readlink).
//
// Needs Linux 5.8 (ring buffers), x86_64, and CAP_SYS_ADMIN (or CAP_BPF and CAP_PERFMON) to
// start; the engines' default seccomp profiles allow bpf(2) with CAP_SYS_ADMIN, which the sensor
// holds until the app's process is forked. The maps and the program stay with their fds: they go
// when the sensor ends, whatever ends it.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "trace/bpf_ring_reader.h"

namespace minify::sensor {

class BpfReadlinkRecorder {
 public:
  BpfReadlinkRecorder() = default;
  BpfReadlinkRecorder(const BpfReadlinkRecorder&) = delete;
  BpfReadlinkRecorder& operator=(const BpfReadlinkRecorder&) = delete;
  ~BpfReadlinkRecorder();

  // Loads and attaches the program for the calling process's pid namespace, leaving out
  // `sensor` (a pid in it). Returns "" or why it could not (nothing is left loaded then).
  std::string start(pid_t sensor);
  bool active() const { return program_ >= 0; }

  // The syscall the program records (SYS_readlink), which the filter must let run.
  static long syscall_number();

  // The ring's fd: it polls readable once the ring is half full.
  int fd() const { return ring_; }

  struct Readlink {
    pid_t tid = 0;          // in the sensor's pid namespace
    std::string_view path;  // as named
    bool readable = true;   // false: the program could not read the path
  };
  // Hands each recorded readlink to `take`, oldest first.
  void drain(const std::function<void(const Readlink&)>& take);

  // How many readlinks the program could not record because the ring was full.
  std::uint64_t lost() const;
  // How many times the kernel skipped the program because it was already running on that CPU
  // (Linux 5.12; 0 when unknown): at any syscall's return, so not all of them readlinks.
  std::uint64_t skipped_runs() const;

 private:
  // Detaches the program and closes everything.
  void stop();

  int ring_ = -1;
  int scratch_ = -1;  // per-CPU space where the program assembles a record
  int counters_ = -1;
  int program_ = -1;
  int link_ = -1;                        // the attachment to sys_exit
  const std::uint64_t* lost_ = nullptr;  // counters_, mapped
  BpfRingReader reader_;
};

}  // namespace minify::sensor
