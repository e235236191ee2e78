#pragma once
// What the original app varies by itself in an answer (a date, an uptime, a request id, a random
// token), learnt from two answers of the original to the same request, so that verify flags a
// slim answer only where it differs in a way the original never did.
//
// The two samples are cut into tokens (a run of ASCII letters and digits, or any other single
// byte) and aligned token by token (longest common subsequence, after the common prefix and
// suffix). What both share is literal; each stretch where they differ is a gap. A third answer
// matches when it holds every literal in order and each gap spans at most twice the longer of its
// two samples plus 16 bytes: a fresh id or time fits, a missing section or an error page does
// not.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::probe {

class VolatileText {
 public:
  // The template of `first` and `second`; equal samples give an exact template (no gap).
  static VolatileText learn(std::string_view first, std::string_view second);

  // nullopt when `answer` matches; otherwise what differs, with a short context of both sides:
  // `differs at byte 120: original "...<p>Hello..." slim "...Traceback..."`.
  std::optional<std::string> mismatch(std::string_view answer) const;

  // How many stretches vary between the two samples (0: the answers were identical).
  std::size_t gaps() const;

  struct Segment {
    bool gap = false;
    std::string text;         // a literal's bytes; for a gap, the first sample's bytes there
    std::size_t max_len = 0;  // a gap: the most bytes a third answer may put there
  };

 private:
  std::vector<Segment> segments_;
};

// `text` made printable for a one-line message: control bytes, quotes and bytes >= 0x7f escaped
// as \n, \t, \" or \xHH.
std::string printable(std::string_view text);

}  // namespace minify::probe
