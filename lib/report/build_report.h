#pragma once
// The report of `minify build`: what was slimmed, by how much, what the probes saw on both images
// and how long each phase took, why each file was kept and what was dropped. One schema,
// versioned (kSchemaVersion), documented field by field in docs/report-schema.md; a field is
// never renamed or removed, nor one added, without bumping the version.

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "protocol/pack_summary.h"

namespace minify::report {

inline constexpr int kSchemaVersion = 3;

struct ImageFacts {
  std::string reference;  // as named: "app:1", "app.slim:1"
  std::string id;         // "sha256:..."
  std::int64_t size = 0;  // bytes, as the engine counts them (uncompressed layers)
};

struct Counts {
  std::uint64_t files = 0;
  std::uint64_t dirs = 0;
  std::uint64_t symlinks = 0;
  std::uint64_t bytes = 0;  // regular files' contents
};

// One probe, as run on the original (under the sensor) and, when verified, on the slim image.
struct ProbeRun {
  bool answered = false;
  int status = 0;  // HTTP status or exit status
  std::uint64_t output_bytes = 0;
  std::string error;  // no answer: why; a command: its stderr (truncated)
  double ms = 0;
};

struct ProbeReport {
  std::string kind;  // "http", "exec", "host-exec", "exit"
  std::string name;  // "GET /about", "exec: ls /data"
  ProbeRun original;
  std::optional<ProbeRun> slim;
};

// A container port HTTP probes went to, and how minify reached it.
struct ProbedPort {
  int port = 0;
  bool exposed = false;  // the image exposes it
  std::string via;       // "published" (127.0.0.1:HOSTPORT) or "container address" (the bridge)
};

// Which run verify compared with the analysis run.
enum class VerifyRun {
  kSlim,                  // the slim image, as a user runs it
  kSlimUnderSeccomp,      // the slim image under the seccomp profile (--seccomp)
  kOriginalUnderSeccomp,  // the original image under the seccomp profile (--seccomp, profile)
};

// One difference verify found.
struct VerifyMismatch {
  VerifyRun run = VerifyRun::kSlim;
  // The probe that differed: its index in BuildReport::probes (the order both runs made them in)
  // and its name. No index: the run as a whole failed (the app exited, never answered) or made a
  // probe the analysis run did not.
  std::optional<std::size_t> probe;
  std::string probe_name;
  std::string what;  // "status 200 -> 500", "output differs at byte 12 (...)"
};

// As the report prints it: "GET /quote: status 200 -> 500", "original under the seccomp profile:
// GET /: status 200 -> 500", or `what` alone when no probe is named.
std::string describe(const VerifyMismatch& mismatch);

struct Verify {
  bool ran = false;
  bool passed = false;
  std::vector<VerifyMismatch> mismatches;
  std::string slim_logs;  // the slim container's stderr/stdout tail, on failure
};

struct Phase {
  std::string name;  // "inspect", "analysis", "pack", "image", "verify"
  double seconds = 0;
};

struct BuildReport {
  std::string minify_version;
  ImageFacts original;
  ImageFacts slim;          // id and size empty/0 when nothing was loaded (--output)
  std::string output;       // "docker-archive:FILE" or "oci:DIR" when written out
  std::string sensor_mode;  // "files" or "full"
  bool fanotify = false;
  std::optional<int> app_exit_status;  // how the app ended under the sensor, when it did
  Counts kept;
  Counts image;  // the whole original filesystem
  // Kept entries by why the keep-set took them ("record", "elf", "parent", "default", "tls",
  // "include", "symlink", ...), as `sensor pack` counted them.
  std::map<std::string, std::uint64_t> kept_by_reason;
  // The keep-set's parts are the pack summary's structs (protocol/pack_summary.h), as `sensor
  // pack` wrote them, and all but kept_files are written by its writers: each shape is defined
  // and written once. kept_files differs on purpose: the report keys a reason's detail by its
  // kind (reason_detail_key).
  std::vector<protocol::DirSize> largest_dirs;  // of the kept files, by bytes
  std::vector<std::string> kept_paths;          // every path in the slim layer, sorted ("/app/x")
  std::vector<protocol::KeptFile> kept_files;   // the same paths, with their type, bytes, reasons
  protocol::Dropped dropped;                    // what of the original the slim image leaves out
  std::vector<protocol::DirectoryUse> filesystem;  // the original's directories to depth 4, sorted
  // Paths the keep-set's closure met and left out, with why ("excluded by --exclude ...",
  // "created at run time", "not in the image"), sorted by path.
  std::vector<protocol::Skipped> skipped;
  std::vector<ProbeReport> probes;
  std::vector<int> listening_ports;      // TCP ports the app listened on, in its order (sensor)
  std::vector<ProbedPort> probed_ports;  // where HTTP probes went, in the order probed
  Verify verify;
  std::vector<Phase> phases;
  std::vector<std::string> warnings;

  double total_seconds() const;
  // slim / original size; 0 when unknown.
  double ratio() const;
};

// Takes what `sensor pack` reported into the report: the counts, the kept files with their
// reasons, what was dropped, the treemap, the skipped paths; its warnings after the report's.
void add_pack_summary(BuildReport& report, protocol::PackSummary&& summary);

// `verify.mismatches` are describe()'s strings; `probes[i].mismatch` is the `what` of the plain
// verify's mismatch of probe i ("" when none). A reason's detail goes under the key its kind
// names (reason_detail_key).
nlohmann::json to_json(const BuildReport& report);

// The JSON key of a reason's detail: "process" (read, executed, stat, written_dir), "of"
// (elf_interpreter, elf_library, parent), "to" (symlink), "rule" (default_rule), "pattern"
// (include); "detail" for a kind this build does not know.
const char* reason_detail_key(const std::string& kind);

// The few lines a person reads at the end of a build (no trailing newline issues: each line ends
// with '\n').
std::string text_summary(const BuildReport& report);

}  // namespace minify::report
