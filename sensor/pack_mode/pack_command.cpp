#include "pack_mode/pack_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "analysis/summary.h"
#include "byte_names/printable_name.h"
#include "hold.h"
#include "pack_mode/file_wait.h"
#include "pack_mode/tar_writer.h"
#include "protocol/pack_summary.h"
#include "protocol/sensor_protocol.h"
#include "record/record.h"
#include "write_all.h"

namespace minify::sensor {
namespace {

// The help this command has always printed (CLI11 wrote it before the parser moved to
// lib/protocol), word for word.
constexpr const char* kPackHelp =
    "Writes the tar of the keep-set of a record, against the image's root.\n"
    "Usage: sensor pack [OPTIONS] RECORD OUT\n"
    "\n"
    "Positionals:\n"
    "  RECORD TEXT REQUIRED        the sensor's record (JSON)\n"
    "  OUT TEXT REQUIRED           the tar to write\n"
    "\n"
    "Options:\n"
    "  -h,--help                   Print this help message and exit\n"
    "  --root TEXT                 the image's root directory (default /)\n"
    "  --include TEXT ...          absolute path or glob to keep; a directory brings its subtree\n"
    "  --include-bin TEXT ...      absolute path of a program to keep, with its libraries\n"
    "  --include-exe TEXT ...      program name found on --path-env, kept with its libraries\n"
    "  --path-env TEXT             the image's PATH\n"
    "  --include-shell             keep /bin/sh and its libraries\n"
    "  --exclude TEXT ...          glob to leave out, applied last\n"
    "  --summary TEXT              where to write the summary JSON\n"
    "  --await TEXT                wait for this file before reading RECORD\n"
    "  --hold                      once done, say so on stdout and wait to be stopped\n"
    "  --stream TEXT               write the summary (a line) then the tar into this named pipe\n"
    "                              (the host reads it), if it can at once; else to their files\n"
    "\n";

analysis::Rules rules_of(const protocol::PackArgs& args) {
  analysis::Rules rules;
  rules.include = args.include;
  rules.include_bin = args.include_bin;
  rules.include_exe = args.include_exe;
  if (args.path_env) rules.path_env = *args.path_env;
  rules.include_shell = args.include_shell;
  rules.exclude = args.exclude;
  return rules;
}

record::Record read_record(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the record " + path);
  // Whole first: the parser reads a string faster than a stream, byte by byte.
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("the record " + path + " is not JSON: " + e.what());
  }
  return record::record_from_json(json);
}

void write_summary(const std::string& path, const protocol::PackSummary& summary) {
  const std::string temp = path + ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    // Compact: a big image's summary lists some 50k paths, which indentation would double.
    out << summary.to_json().dump() << "\n";
    if (!out.flush()) {
      std::remove(temp.c_str());
      throw std::runtime_error("cannot write the summary " + path);
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write the summary " + path);
  }
}

// The host's pipe, opened for writing, or no handle when it cannot be at once (not there, not a
// pipe, nobody reading it, no right to it): the tar then goes to OUT, as the note on stderr says.
// Without O_NONBLOCK an open with no reader would wait for one for ever.
analysis::FileHandle open_stream(const std::string& path) {
  analysis::FileHandle pipe(::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  std::string why;
  if (pipe.get() < 0) {
    why = std::strerror(errno);
  } else if (::fstat(pipe.get(), &st) != 0 || !S_ISFIFO(st.st_mode)) {
    why = "not a pipe";
  } else if (::fcntl(pipe.get(), F_SETFL, 0) != 0) {  // from now on the host sets the pace
    why = std::strerror(errno);
  }
  if (!why.empty()) {
    std::cerr << "sensor pack: cannot stream to " << byte_names::printable(path) << " (" << why
              << "): the summary and the tar go to their files\n";
    return analysis::FileHandle();
  }
  // A larger pipe: fewer turns between this writer and the host's reader (best effort).
  ::fcntl(pipe.get(), F_SETPIPE_SZ, 1 << 20);
  return pipe;
}

// The summary as one line into the pipe, ahead of the tar: the host reads it there rather than
// through the engine's archive API, which costs a call into the container per build.
void send_summary(int fd, const protocol::PackSummary& summary) {
  if (int error = write_all(fd, summary.to_json().dump() + "\n"); error != 0)
    throw std::runtime_error(std::string("cannot send the summary: ") + std::strerror(error));
}

std::int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// Returns whether it printed its line itself: streaming, it does so (with --hold) before the
// summary and the tar, which then go into the host's pipe.
bool pack(const protocol::PackArgs& options) {
  analysis::DirectoryRoot root(options.root);
  // The walk over the whole image (for "files kept of total" and what was dropped) needs no
  // record: it starts at once, on a second thread, while the app still runs elsewhere (--await),
  // and costs no wall time when the closure and the tar take longer.
  auto walk_start = std::chrono::steady_clock::now();
  auto walk = std::async(std::launch::async, [&root, walk_start] {
    std::vector<analysis::ImageEntry> entries = analysis::image_entries(root);
    return std::make_pair(std::move(entries), ms_since(walk_start));
  });
  analysis::KeepSet keep;
  analysis::FileHandle stream;
  protocol::TarStats stats;
  std::int64_t closure_ms = 0;
  std::int64_t tar_ms = 0;
  try {
    if (!options.await.empty()) wait_for_file(options.await);
    auto start = std::chrono::steady_clock::now();
    record::Record record = read_record(options.record);
    keep = analysis::close_keep_set(root, record, rules_of(options));
    closure_ms = ms_since(start);
    auto tar_start = std::chrono::steady_clock::now();
    if (!options.stream.empty()) stream = open_stream(options.stream);
    if (stream.get() >= 0) {
      stats = measure_keep_set_tar(root, keep);
      stats.streamed = true;
    } else {
      stats = write_keep_set_tar(root, keep, options.out);
    }
    tar_ms = ms_since(tar_start);
  } catch (...) {
    walk.wait();
    throw;
  }
  std::vector<analysis::ImageEntry> image;
  std::int64_t walk_ms = 0;
  protocol::PackSummary summary;
  try {
    std::tie(image, walk_ms) = walk.get();
    summary = analysis::pack_summary(keep, image);
    summary.timings = {closure_ms, walk_ms, tar_ms};
    summary.tar = stats;
    if (!stats.streamed && !options.summary.empty()) write_summary(options.summary, summary);
  } catch (...) {
    if (!stats.streamed) std::remove(options.out.c_str());  // all or nothing
    throw;
  }
  if (stats.streamed) {
    // Said before a byte goes into the pipe: the host starts reading it only then, and the
    // summary alone may be more than the pipe holds.
    if (options.hold) announce(protocol::kPackStreamingLine);
    auto stream_start = std::chrono::steady_clock::now();
    send_summary(stream.get(), summary);
    stream_keep_set_tar(root, keep, stream.get(), stats);
    // Closed at once: the end of the pipe is how the host knows the tar is whole.
    stream = analysis::FileHandle();
    tar_ms += ms_since(stream_start);
  }
  protocol::Totals kept = analysis::kept_totals(keep);
  protocol::Totals totals = analysis::image_totals(image);
  std::cerr << "sensor pack: kept " << kept.files << " of " << totals.files << " files ("
            << stats.bytes << " of " << totals.bytes << " bytes), " << stats.entries
            << " entries in " << (stats.streamed ? options.stream : options.out) << " (closure "
            << closure_ms << " ms, walk " << walk_ms << " ms, tar " << tar_ms << " ms)\n";
  return stats.streamed && options.hold;
}

}  // namespace

int run_pack_command(const std::vector<std::string>& args) {
  protocol::PackArgs options;
  try {
    options = protocol::PackArgs::parse(args);
  } catch (const minify::UsageError& e) {
    // Help is asked for by a word where an option is expected, which parse() refuses.
    if (std::find_if(args.begin(), args.end(), [](const std::string& a) {
          return a == "--help" || a == "-h";
        }) != args.end()) {
      std::cout << kPackHelp;
      return 0;
    }
    std::cerr << "sensor pack: " << e.what() << " (see sensor pack --help)\n";
    return 2;
  }
  try {
    const bool announced = pack(options);
    if (options.hold && !announced) announce(protocol::kPackDoneLine);
  } catch (const std::exception& e) {
    // A message may quote a file name: its control characters must not reach a terminal raw.
    std::cerr << "sensor pack: " << minify::byte_names::printable(e.what()) << "\n";
    return 1;
  }
  if (options.hold) hold();
  return 0;
}

}  // namespace minify::sensor
