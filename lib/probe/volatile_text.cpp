#include "probe/volatile_text.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

namespace minify::probe {
namespace {

// Past this many cells (tokens of one middle x tokens of the other), the alignment is not worth
// its time and memory: the whole differing middle becomes one gap.
constexpr std::size_t kMaxAlignCells = 4'000'000;
constexpr std::size_t kContext = 40;

bool word_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

std::vector<std::string_view> tokens_of(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i + 1;
    if (word_byte(text[i]))
      while (j < text.size() && word_byte(text[j])) ++j;
    tokens.push_back(text.substr(i, j - i));
    i = j;
  }
  return tokens;
}

std::size_t bytes_of(const std::vector<std::string_view>& tokens, std::size_t from,
                     std::size_t to) {
  std::size_t n = 0;
  for (std::size_t i = from; i < to; ++i) n += tokens[i].size();
  return n;
}

// Pairs of indices (into a, into b) of a longest common subsequence of a[a0,a1) and b[b0,b1).
std::vector<std::pair<std::size_t, std::size_t>> common_tokens(
    const std::vector<std::string_view>& a, std::size_t a0, std::size_t a1,
    const std::vector<std::string_view>& b, std::size_t b0, std::size_t b1) {
  std::size_t n = a1 - a0, m = b1 - b0;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (n == 0 || m == 0 || n * m > kMaxAlignCells) return pairs;
  // lengths[i][j]: the LCS of a[a0+i..a1) and b[b0+j..b1), computed backwards.
  std::vector<std::uint32_t> lengths((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
    return lengths[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) =
          a[a0 + i] == b[b0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] == b[b0 + j]) {
      pairs.emplace_back(a0 + i, b0 + j);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

std::string excerpt(std::string_view text, std::size_t at) {
  std::size_t from = at > kContext / 2 ? at - kContext / 2 : 0;
  std::string out = from > 0 ? "..." : "";
  out += printable(text.substr(from, kContext));
  if (from + kContext < text.size()) out += "...";
  return out;
}

// Matches segments from `index` against answer[pos..); remembers failed states so that every
// (segment, position) is tried once. `furthest` keeps the deepest point reached, for the message.
class Matcher {
 public:
  Matcher(const std::vector<VolatileText::Segment>& segments, std::string_view answer)
      : segments_(segments), answer_(answer) {}

  bool match(std::size_t index, std::size_t pos) {
    if (pos > furthest_pos_ || (pos == furthest_pos_ && index > furthest_segment_)) {
      furthest_pos_ = pos;
      furthest_segment_ = index;
    }
    if (index == segments_.size()) return pos == answer_.size();
    if (!failed_.insert({index, pos}).second) return false;
    const auto& segment = segments_[index];
    if (!segment.gap) {
      return answer_.substr(pos).starts_with(segment.text) &&
             match(index + 1, pos + segment.text.size());
    }
    std::size_t limit = std::min(answer_.size(), pos + segment.max_len);
    if (index + 1 == segments_.size())
      return answer_.size() - pos <= segment.max_len && match(index + 1, answer_.size());
    const std::string& next = segments_[index + 1].text;  // a gap is always followed by a literal
    for (std::size_t at = answer_.find(next, pos); at != std::string_view::npos && at <= limit;
         at = answer_.find(next, at + 1)) {
      if (match(index + 1, at)) return true;
    }
    return false;
  }

  std::size_t furthest_pos() const { return furthest_pos_; }
  std::size_t furthest_segment() const { return furthest_segment_; }

 private:
  const std::vector<VolatileText::Segment>& segments_;
  std::string_view answer_;
  std::set<std::pair<std::size_t, std::size_t>> failed_;
  std::size_t furthest_pos_ = 0;
  std::size_t furthest_segment_ = 0;
};

}  // namespace

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

VolatileText VolatileText::learn(std::string_view first, std::string_view second) {
  VolatileText text;
  auto a = tokens_of(first);
  auto b = tokens_of(second);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  // Common tokens, as index pairs, in order: prefix, aligned middle, suffix.
  std::vector<std::pair<std::size_t, std::size_t>> common;
  for (std::size_t i = 0; i < prefix; ++i) common.emplace_back(i, i);
  for (auto p : common_tokens(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix))
    common.push_back(p);
  for (std::size_t k = suffix; k > 0; --k) common.emplace_back(a.size() - k, b.size() - k);

  // Stretches in sample order: each common token, and between them what differs (a gap).
  struct Stretch {
    bool gap = false;
    std::size_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;  // [a0, a1) of `a`, [b0, b1) of `b`
  };
  std::vector<Stretch> stretches;
  std::size_t ai = 0, bi = 0;
  for (auto [i, j] : common) {
    if (ai != i || bi != j) stretches.push_back({true, ai, i, bi, j});
    stretches.push_back({false, i, i + 1, j, j + 1});
    ai = i + 1;
    bi = j + 1;
  }
  if (ai != a.size() || bi != b.size()) stretches.push_back({true, ai, a.size(), bi, b.size()});

  // A number that varies varies as a whole, with the numbers it is written with: two answers a
  // second apart share the minute of "13:20:01.123", a later one does not. A gap holding a
  // digit takes in the digits and number punctuation around it ("13:20:01.123", "2026-12-01T13").
  auto has_digit = [](std::string_view t) {
    return std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto numeric = [&](const Stretch& s) {
    std::string_view t = a[s.a0];
    return has_digit(t) || t == ":" || t == "." || t == "-" || t == "/" || t == "+" || t == ",";
  };
  auto gap_has_digit = [&](const Stretch& s) {
    for (std::size_t i = s.a0; i < s.a1; ++i)
      if (has_digit(a[i])) return true;
    for (std::size_t j = s.b0; j < s.b1; ++j)
      if (has_digit(b[j])) return true;
    return false;
  };
  for (std::size_t k = 0; k < stretches.size(); ++k) {
    if (!stretches[k].gap || !gap_has_digit(stretches[k])) continue;
    for (std::size_t l = k; l-- > 0 && (stretches[l].gap || numeric(stretches[l]));)
      stretches[l].gap = true;
    for (std::size_t r = k + 1; r < stretches.size() && (stretches[r].gap || numeric(stretches[r]));
         ++r)
      stretches[r].gap = true;
  }

  // Segments: runs of common tokens are literals, runs of gaps one gap each.
  for (std::size_t k = 0; k < stretches.size();) {
    std::size_t end = k;
    while (end < stretches.size() && stretches[end].gap == stretches[k].gap) ++end;
    Segment segment;
    segment.gap = stretches[k].gap;
    std::size_t a0 = stretches[k].a0, a1 = stretches[end - 1].a1;
    std::size_t b0 = stretches[k].b0, b1 = stretches[end - 1].b1;
    for (std::size_t i = a0; i < a1; ++i) segment.text += a[i];
    if (segment.gap) segment.max_len = 2 * std::max(bytes_of(a, a0, a1), bytes_of(b, b0, b1)) + 16;
    text.segments_.push_back(std::move(segment));
    k = end;
  }
  return text;
}

std::size_t VolatileText::gaps() const {
  return static_cast<std::size_t>(
      std::count_if(segments_.begin(), segments_.end(), [](const Segment& s) { return s.gap; }));
}

std::optional<std::string> VolatileText::mismatch(std::string_view answer) const {
  Matcher matcher(segments_, answer);
  if (matcher.match(0, 0)) return std::nullopt;
  // Where the match broke: the original's bytes from the segment it could not place, the
  // answer's from the furthest position reached.
  std::size_t at = matcher.furthest_pos();
  std::string original;
  std::size_t original_at = 0;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (i == matcher.furthest_segment()) original_at = original.size();
    original += segments_[i].text;
  }
  if (matcher.furthest_segment() >= segments_.size()) original_at = original.size();
  // Show the literal the answer lacks from its first differing byte, when there is one.
  if (matcher.furthest_segment() < segments_.size() && !segments_[matcher.furthest_segment()].gap) {
    std::string_view literal = segments_[matcher.furthest_segment()].text;
    std::string_view rest = answer.substr(std::min(at, answer.size()));
    std::size_t same = static_cast<std::size_t>(
        std::mismatch(literal.begin(), literal.end(), rest.begin(), rest.end()).first -
        literal.begin());
    at += same;
    original_at += same;
  }
  return "differs at byte " + std::to_string(at) + " (" + std::to_string(original.size()) + " -> " +
         std::to_string(answer.size()) + " bytes): original \"" + excerpt(original, original_at) +
         "\" slim \"" + excerpt(answer, at) + "\"";
}

}  // namespace minify::probe
