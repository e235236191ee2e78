#include "progress/progress_reporter.h"

#include <unistd.h>

#include <cstdio>

namespace minify::progress {
namespace {

// A redraw at most this often: faster is flicker and wasted writes.
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string one_decimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, value < 100 ? "%.1f" : "%.0f", value);
  return buffer;
}

}  // namespace

Style style_for_fd(int fd) {
  return ::isatty(fd) ? Style::kLive : Style::kPlain;
}

std::string format_bytes(uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " B";
  static constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1000;
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(kUnits)) {
    value /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer,
                value < 10    ? "%.2f %s"
                : value < 100 ? "%.1f %s"
                              : "%.0f %s",
                value, kUnits[unit]);
  return buffer;
}

std::string format_duration(std::chrono::milliseconds elapsed) {
  auto ms = elapsed.count();
  if (ms < 60'000) return one_decimal(static_cast<double>(ms) / 1000) + " s";
  auto seconds = ms / 1000;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60));
  return buffer;
}

ProgressReporter::ProgressReporter(std::ostream& out, Style style, Now now)
    : out_(out), style_(style), now_(std::move(now)) {}

ProgressReporter::Phase ProgressReporter::begin(std::string name,
                                                std::optional<uint64_t> total_bytes) {
  std::lock_guard lock(mutex_);
  if (active_) end_locked(false);
  active_ = true;
  ++generation_;
  name_ = std::move(name);
  done_ = 0;
  total_ = total_bytes;
  started_ = now_();
  last_draw_ = started_;
  if (style_ == Style::kPlain) {
    out_ << name_ << ": started";
    if (total_) out_ << " (" << format_bytes(*total_) << ")";
    out_ << "\n" << std::flush;
  } else if (style_ == Style::kLive) {
    draw_locked(true);
  }
  return Phase(this, generation_);
}

void ProgressReporter::note(std::string_view line) {
  std::lock_guard lock(mutex_);
  if (style_ == Style::kSilent) return;
  clear_live_locked();
  out_ << line << "\n";
  if (active_ && style_ == Style::kLive) draw_locked(true);
  out_ << std::flush;
}

void ProgressReporter::advance(uint64_t generation, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  if (!active_ || generation != generation_) return;
  done_ += bytes;
  if (style_ == Style::kLive) draw_locked(false);
}

void ProgressReporter::set_total(uint64_t generation, uint64_t total) {
  std::lock_guard lock(mutex_);
  if (!active_ || generation != generation_) return;
  total_ = total;
}

void ProgressReporter::end(uint64_t generation, bool finished) {
  std::lock_guard lock(mutex_);
  if (!active_ || generation != generation_) return;
  end_locked(finished);
}

void ProgressReporter::end_locked(bool finished) {
  active_ = false;
  if (style_ == Style::kSilent) return;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now_() - started_);
  clear_live_locked();
  out_ << name_ << (finished ? ": done" : ": stopped");
  if (done_ > 0) {
    out_ << ", " << format_bytes(done_) << (finished ? " in " : " after ")
         << format_duration(elapsed);
    if (elapsed.count() > 0) {
      out_ << " (" << format_bytes(done_ * 1000 / static_cast<uint64_t>(elapsed.count())) << "/s)";
    }
  } else {
    out_ << (finished ? " in " : " after ") << format_duration(elapsed);
  }
  out_ << "\n" << std::flush;
}

void ProgressReporter::draw_locked(bool force) {
  auto now = now_();
  if (!force && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_);
  std::string line = name_;
  if (done_ > 0 || total_) {
    line += "  " + format_bytes(done_);
    if (total_) line += " / " + format_bytes(*total_);
    if (elapsed.count() > 0) {
      line += "  " + format_bytes(done_ * 1000 / static_cast<uint64_t>(elapsed.count())) + "/s";
    }
  }
  line += "  " + format_duration(elapsed);
  // \r back to column 0, ESC[K erases what a longer previous line left.
  out_ << "\r\033[K" << line << std::flush;
  live_line_shown_ = true;
}

void ProgressReporter::clear_live_locked() {
  if (!live_line_shown_) return;
  out_ << "\r\033[K";
  live_line_shown_ = false;
}

ProgressReporter::Phase::Phase(ProgressReporter* reporter, uint64_t generation)
    : reporter_(reporter), generation_(generation) {}

ProgressReporter::Phase::Phase(Phase&& other) noexcept
    : reporter_(other.reporter_), generation_(other.generation_) {
  other.reporter_ = nullptr;
}

ProgressReporter::Phase::~Phase() {
  if (reporter_ != nullptr) reporter_->end(generation_, false);
}

void ProgressReporter::Phase::advance(uint64_t bytes) {
  if (reporter_ != nullptr) reporter_->advance(generation_, bytes);
}

void ProgressReporter::Phase::set_total(uint64_t total_bytes) {
  if (reporter_ != nullptr) reporter_->set_total(generation_, total_bytes);
}

void ProgressReporter::Phase::finish() {
  if (reporter_ != nullptr) reporter_->end(generation_, true);
  reporter_ = nullptr;
}

}  // namespace minify::progress
