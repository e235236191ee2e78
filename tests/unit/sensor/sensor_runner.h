#pragma once
// Running the real build/sensor on the host for tests: the app is a real program (a test program
// compiled with the tests, a shell), traced for real; the record is read back from disk.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "record/record.h"
#include "support/temp_dir.h"

namespace minify::sensor::testing {

// Directories are tests/support TempDirs: symlinks resolved, as the tracer reports canonical paths.
using minify::test::TempDir;

// Path of a test program built from tests/unit/sensor/programs.
std::string program(const std::string& name);

struct SensorRun {
  int status = -1;  // the sensor's exit code, or 128 + signal
  std::string out;  // the sensor's stdout (the app's)
  record::Record record;
};

// Starts `[WRAPPER...] build/sensor OPTIONS --record DIR/record.json -- APP...` with stdout to
// a pipe.
struct StartedSensor {
  pid_t pid = -1;
  int out_fd = -1;
};
StartedSensor start_sensor(const TempDir& dir, const std::vector<std::string>& options,
                           const std::vector<std::string>& app,
                           const std::vector<std::string>& wrapper = {});
// Waits for it (at most 60 s, then kills it) and reads stdout and the record.
SensorRun finish_sensor(const TempDir& dir, StartedSensor started);
// Both at once.
SensorRun run_sensor(const TempDir& dir, const std::vector<std::string>& options,
                     const std::vector<std::string>& app,
                     const std::vector<std::string>& wrapper = {});

// The record file as it is now, if any.
std::optional<record::Record> read_record(const TempDir& dir);
// Waits (at most `seconds`) until `path` exists.
bool wait_for_file(const std::string& path, double seconds);

// The ops recorded for `path`, 0 when it is not in the record.
std::uint32_t ops_of(const record::Record& record, const std::string& path);
std::uint32_t sources_of(const record::Record& record, const std::string& path);
// The file of the first process that touched it, as the record says ("" when not recorded).
std::string process_of(const record::Record& record, const std::string& path);
// The processes whose argv[0] is `argv0`.
std::vector<record::Process> processes_named(const record::Record& record,
                                             const std::string& argv0);

}  // namespace minify::sensor::testing
