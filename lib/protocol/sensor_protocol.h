#pragma once
// The contract between the host and the sensor: where things are inside a container, and the
// sensor's two command lines. The host builds a container's Cmd with to_argv(); the sensor reads
// its own command line with parse(). Both sides use these types and nothing else, so the wire
// format is written once.
//
// Container paths. The host copies the sensor to kSensorPath and makes it the entrypoint. The
// analysis run (trace mode) writes the record at kRecordPath; the pack run finds the record copied
// there, writes the keep-set tar at kKeepTarPath and the summary (pack_summary.h) at
// kSummaryPath. Everything lives under kSensorDir, so the keep-set leaves it out with one rule.
// The pack run starts before the record exists: it waits for kRecordReadyPath, which the host
// copies in after the record (in the same tar, so the record is whole once it appears). With
// --hold, once the tar and the summary are whole on disk, it prints kPackDoneLine on stdout and
// keeps running until it is stopped or killed: the host reads both out of a running container,
// whose root is mounted already, instead of waiting for the exit and a stopped container's mount.
// With --stream, the summary and the tar go instead into the host's pipe mounted under
// kSensorDir, once the sensor has printed kPackStreamingLine (PackArgs::stream): nothing is left
// to copy out of the container.
//
// Trace mode, the analysis container's Cmd:
//   [--mode files|full] [--user USER[:GROUP]] [--grace SECONDS] [--record PATH]
//   [--flush-interval SECONDS] [--no-fanotify] [--no-bpf] [--intercept notify|ptrace]
//   [--stop-signal SIGNAL] [--keep-cap NAME]... [--granted NAME,NAME...] [--hold] -- ARGV...
// Pack mode, the pack container's Cmd:
//   pack RECORD OUT [--root DIR] [--summary FILE] [--await FILE] [--hold] [--stream PIPE]
//        [--path-env VALUE]
//        [--include PATH_OR_GLOB]...
//        [--include-bin PATH]... [--include-exe NAME]... [--exclude GLOB]... [--include-shell]
//
// Words are byte strings: a value may start with '-', contain '=' or spaces, or not be UTF-8.
// An option's value is always the next word, whatever it looks like ("--opt=VALUE" is accepted
// too, split at the first '='); "--" ends the options. In pack mode a repeatable option also
// takes the words after its value up to the next one starting with '-' ("--include a b"), and a
// single-valued option given twice is an error. So parse(x.to_argv()) == x for any x whose values
// parse accepts (seconds finite and >= 0, a record path that is not empty, an app argv that is
// not empty). Exit codes and help are the sensor's (sensor/README.md), not part of this header.

#include <linux/capability.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "errors/usage_error.h"

namespace minify::protocol {

inline constexpr std::string_view kSensorDir = "/.minify";
inline constexpr std::string_view kSensorPath = "/.minify/sensor";
inline constexpr std::string_view kRecordPath = "/.minify/record.json";
inline constexpr std::string_view kKeepTarPath = "/.minify/keep.tar";
inline constexpr std::string_view kSummaryPath = "/.minify/summary.json";
inline constexpr std::string_view kRecordReadyPath = "/.minify/record.ready";
// Where the host mounts the pipe it reads the keep-set tar from, when it can (`--stream`): this
// prefix, a name of the build's own (an image cannot have planted anything in its way), ".pipe".
inline constexpr std::string_view kLayerPipePrefix = "/.minify/layer-";
// What `sensor pack --hold` prints on stdout, as a line of its own, once the tar and the summary
// are complete (written, closed, the summary renamed into place). Nothing else goes to stdout.
inline constexpr std::string_view kPackDoneLine = "minify-pack-done";
// What it prints instead when it streams (--stream): the summary and the tar are next in the
// pipe, the summary as one line of JSON (ended by '\n'; no file), then the tar.
inline constexpr std::string_view kPackStreamingLine = "minify-pack-streaming";

// Where trace mode writes the TCP ports the app listens on, as soon as it opens each one (one
// decimal a line, in the order it opened them; absent until the first): beside the record, so
// the host can read them while the app runs and probe the ports it really serves on.
std::string listening_ports_path(std::string_view record_path);

// Where trace mode with --hold writes the final record when a stop signal ended the app: beside
// the record, a name of its own, so that its appearance says the record is whole and final (the
// record path itself holds the periodic flushes from the start).
std::string final_record_path(std::string_view record_path);

// The capabilities the host adds to the analysis container for the sensor alone: ptrace, and
// CAP_SYS_ADMIN for fanotify, the eBPF readlink recorder and a seccomp filter without
// no_new_privs. The engine's default set is the rest. The sensor takes them out of every set of
// the app's process (bounding set included) before exec, so that the app holds what
// `docker run IMAGE` gives it and no more.
struct SensorCapability {
  std::string_view name;  // as the engine's CapAdd spells it
  int number;             // CAP_*
};
inline constexpr SensorCapability kSensorCapabilities[] = {{"SYS_PTRACE", CAP_SYS_PTRACE},
                                                           {"SYS_ADMIN", CAP_SYS_ADMIN}};

// parse() throws minify::UsageError (errors/usage_error.h) for a command line the sensor does not
// accept; what() is one line naming the word at fault.

// kFiles: only path syscalls reach the sensor; kFull: every syscall but TraceArgs::granted
// (counted, for a seccomp profile).
enum class TraceMode { kFiles, kFull };

// How the seccomp filter hands the traced syscalls to the sensor. kNotify: user notifications
// (SECCOMP_RET_USER_NOTIF answered with SECCOMP_USER_NOTIF_FLAG_CONTINUE), about half the cost of
// a ptrace stop; ptrace then only follows the process tree. kPtrace: SECCOMP_RET_TRACE stops.
// The sensor falls back from kNotify to kPtrace where the kernel or the container refuses it.
enum class Interception { kNotify, kPtrace };

// "files"/"full"; the inverse throws UsageError.
std::string_view mode_name(TraceMode mode);
TraceMode mode_from_name(std::string_view name);

struct TraceArgs {
  TraceMode mode = TraceMode::kFiles;  // --mode
  std::optional<std::string> user;     // --user; unset: the sensor's own (root)
  double grace_seconds = 5;            // --grace: stop signal to SIGKILL of the rest
  std::string record_path = std::string(kRecordPath);  // --record
  double flush_interval_seconds = 2;                   // --flush-interval; 0: only at the end
  bool fanotify = true;                                // --no-fanotify: ptrace alone
  bool bpf = true;  // --no-bpf: readlink handed over too, not recorded in the kernel
  Interception interception = Interception::kNotify;  // --intercept
  // --stop-signal: the image's StopSignal as its config spells it ("SIGWINCH", "3",
  // "RTMIN+3"), which the engine sends to stop the container; unset: SIGTERM. The sensor stops
  // the app with it as `docker stop` would stop the app run natively (sensor/README.md).
  std::optional<std::string> stop_signal;
  // --keep-cap: a sensor capability (kSensorCapabilities, by name) the user asked for the app
  // (`--cap-add SYS_PTRACE`): left in the app's sets rather than taken out.
  std::vector<std::string> keep_caps;
  // --granted (full mode only): syscalls, by name, that every profile made from the record allows
  // whatever the app does (the host passes lib/seccomp/runtime_baseline.h's), so that the filter
  // lets them run without handing them over: they are left out of the record's counts. Path
  // syscalls among them are still handed over, as in files mode, for their files. One word,
  // the names separated by ','; each name is [a-z0-9_]+. Names the sensor's libseccomp does not
  // know on its architecture are ignored.
  std::vector<std::string> granted;
  // --hold: when the app ends because a stop signal came (the host stopping it), the final record
  // goes to final_record_path(record_path) instead, and the sensor then waits to be killed rather
  // than exit: the host reads the record out of a running container at once, and leaves the
  // container's exit and clean-up (0.1-0.15 s of the engine's) to run beside the pack. An app
  // that ends by itself (a job) ends the container as without it.
  bool hold = false;
  std::vector<std::string> argv;  // the app, after "--"

  // "--mode" always, the other options only when they differ from their defaults, then "--" and
  // the app's argv.
  std::vector<std::string> to_argv() const;
  // args: the sensor's command line without argv[0]. The app's argv starts after "--", or at the
  // first word that does not start with "--".
  static TraceArgs parse(const std::vector<std::string>& args);

  bool operator==(const TraceArgs&) const = default;
};

struct PackArgs {
  std::string record;      // RECORD: the record to read
  std::string out;         // OUT: the tar to write
  std::string root = "/";  // --root: the image's root directory
  std::string summary;     // --summary; empty: no summary written
  // --await: a file whose appearance says RECORD is whole; the walk of the image starts at once,
  // the closure once it appears. Empty: RECORD is there from the start.
  std::string await;
  // --hold: once the tar and the summary are done, print kPackDoneLine and wait for a stop signal
  // (SIGTERM, SIGINT, SIGHUP, SIGQUIT: exit 0) or SIGKILL, rather than exit. Failures still exit.
  bool hold = false;
  // --stream: a named pipe whose reader (the host) is already there. Once the summary is known
  // and (with --hold) kPackStreamingLine printed, the summary goes into it as one line rather than
  // to --summary's file, then the tar rather than to OUT; the summary's tar says "streamed" and
  // the tar's exact size, measured first. When the pipe cannot be opened at once for writing (no
  // such pipe, no reader, no right to it), both go to their files as without this option, and
  // --hold prints kPackDoneLine. Empty: the files.
  std::string stream;
  std::optional<std::string> path_env;   // --path-env: the image's PATH; unset: the default PATH
  std::vector<std::string> include;      // --include, each an absolute path or a glob
  std::vector<std::string> include_bin;  // --include-bin, each a program with its libraries
  std::vector<std::string> include_exe;  // --include-exe, each a name looked up on path_env
  std::vector<std::string> exclude;      // --exclude, each a glob applied last
  bool include_shell = false;            // --include-shell

  // "pack RECORD OUT" then the options, in the order above ("--root" when not "/", "--summary",
  // "--await", "--hold" and "--stream" when set); when RECORD or OUT starts with '-', "pack", the
  // options, "--", RECORD OUT.
  std::vector<std::string> to_argv() const;
  // args: the sensor's command line without argv[0], starting with "pack".
  static PackArgs parse(const std::vector<std::string>& args);

  bool operator==(const PackArgs&) const = default;
};

}  // namespace minify::protocol
