#pragma once
// Progress of long steps (export, load, copy) for a person or a log, on a stream the caller owns
// (stderr in the CLI). Live style (a terminal): one line redrawn in place, at most 10 times a
// second: phase, bytes done / total when known, rate, elapsed. Plain style (a pipe, CI): one line
// when a phase starts and one when it ends, with bytes and elapsed. Silent: nothing.
// No global state: create one and pass it to whoever runs long steps. Thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace minify::progress {

enum class Style { kLive, kPlain, kSilent };

// kLive when `fd` is a terminal, else kPlain.
Style style_for_fd(int fd);

// "0 B", "999 B", "1.5 kB", "12.3 MB", "1.02 GB" (decimal units, as docker prints sizes).
std::string format_bytes(uint64_t bytes);
// "0.4 s", "12.3 s", "2m05s".
std::string format_duration(std::chrono::milliseconds elapsed);

class ProgressReporter {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `now` is injectable so tests control time.
  ProgressReporter(std::ostream& out, Style style, Now now = &Clock::now);
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  Style style() const { return style_; }

  // One step. Phases run one at a time: starting one while another runs ends the other first.
  // A phase that is destroyed without finish() (an exception, Ctrl-C) reports that it stopped.
  class Phase {
   public:
    Phase(Phase&& other) noexcept;
    Phase& operator=(Phase&&) = delete;
    ~Phase();

    void advance(uint64_t bytes);          // `bytes` more done
    void set_total(uint64_t total_bytes);  // once it is known
    void finish();                         // ends it: "<name>: done, 12.3 MB in 4.5 s"

   private:
    friend class ProgressReporter;
    Phase(ProgressReporter* reporter, uint64_t generation);
    ProgressReporter* reporter_;
    uint64_t generation_;
  };

  Phase begin(std::string name, std::optional<uint64_t> total_bytes = std::nullopt);

  // A line of its own (e.g. a warning), which does not garble the live line.
  void note(std::string_view line);

 private:
  void advance(uint64_t generation, uint64_t bytes);
  void set_total(uint64_t generation, uint64_t total);
  void end(uint64_t generation, bool finished);
  void end_locked(bool finished);
  void draw_locked(bool force);
  void clear_live_locked();

  std::ostream& out_;
  Style style_;
  Now now_;
  std::mutex mutex_;
  uint64_t generation_ = 0;  // which phase is current; 0 = none
  bool active_ = false;
  std::string name_;
  uint64_t done_ = 0;
  std::optional<uint64_t> total_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
  bool live_line_shown_ = false;
};

}  // namespace minify::progress
