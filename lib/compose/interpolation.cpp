#include "compose/interpolation.h"

#include <algorithm>

namespace minify::compose {
namespace {

bool name_start(char c) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

// One pass over a template, left to right; a braced operand is expanded by recursion.
class Expander {
 public:
  Expander(std::string_view text, const VariableLookup& lookup) : text_(text), lookup_(lookup) {}

  Interpolated run() {
    std::string text = expand(/*nested=*/false, /*use=*/true);
    return {std::move(text), std::move(unset_)};
  }

 private:
  // From pos_ to the end, or (nested) to the `}` that closes the operand, left at pos_. When
  // `use` is false the text is only checked: nothing is looked up, warned about or required.
  std::string expand(bool nested, bool use) {
    std::string out;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (nested && c == '}') break;
      char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
      if (c != '$' || !(next == '$' || next == '{' || name_start(next))) {
        out.push_back(c);
        ++pos_;
      } else if (next == '$') {
        out.push_back('$');
        pos_ += 2;
      } else if (next == '{') {
        out += braced(use);
      } else {
        ++pos_;
        std::string name = read_name();
        if (use) out += value(name);
      }
    }
    return out;
  }

  // ${NAME} or ${NAME<op>operand}, from its `$`.
  std::string braced(bool use) {
    const std::size_t start = pos_;
    pos_ += 2;
    std::string name = read_name();
    if (name.empty())
      throw InterpolationError("'" + excerpt(start) + "': a variable name must follow '${'");
    if (pos_ == text_.size()) unterminated(start);
    if (text_[pos_] == '}') {
      ++pos_;
      return use ? value(name) : "";
    }
    const bool colon = text_[pos_] == ':';
    if (colon) ++pos_;
    const char op = pos_ < text_.size() ? text_[pos_] : '\0';
    if (op != '-' && op != '?' && op != '+')
      throw InterpolationError("'" + excerpt(start) +
                               "': compose knows ${NAME}, ${NAME:-default}, ${NAME-default}, "
                               "${NAME:?error}, ${NAME?error}, ${NAME:+alt} and ${NAME+alt}");
    ++pos_;
    std::optional<std::string> found = use ? lookup_(name) : std::nullopt;
    // With the colon, set and empty counts as unset.
    const bool set = found && (!colon || !found->empty());
    const bool takes_operand = use && (op == '+' ? set : !set);
    std::string operand = expand(/*nested=*/true, takes_operand);
    if (pos_ == text_.size()) unterminated(start);
    ++pos_;
    if (!use) return "";
    if (op == '+') return set ? operand : "";
    if (set) return *found;
    if (op == '-') return operand;
    throw InterpolationError("required variable " + name + " is missing a value" +
                             (operand.empty() ? "" : ": " + operand));
  }

  std::string read_name() {
    std::size_t end = pos_;
    if (end < text_.size() && name_start(text_[end]))
      while (end < text_.size() && name_char(text_[end])) ++end;
    std::string name(text_.substr(pos_, end - pos_));
    pos_ = end;
    return name;
  }

  std::string value(const std::string& name) {
    if (std::optional<std::string> found = lookup_(name)) return *found;
    if (std::find(unset_.begin(), unset_.end(), name) == unset_.end()) unset_.push_back(name);
    return "";
  }

  // The expression from `start` to its first `}`, or to the end of its line (errors are one line).
  std::string excerpt(std::size_t start) const {
    std::size_t end = text_.find_first_of("}\n", start);
    if (end == std::string_view::npos) return std::string(text_.substr(start));
    return std::string(text_.substr(start, end - start + (text_[end] == '}' ? 1 : 0)));
  }

  [[noreturn]] void unterminated(std::size_t start) const {
    throw InterpolationError("'" + excerpt(start) + "' has no closing '}'");
  }

  std::string_view text_;
  const VariableLookup& lookup_;
  std::size_t pos_ = 0;
  std::vector<std::string> unset_;
};

}  // namespace

Interpolated interpolate(std::string_view text, const VariableLookup& lookup) {
  return Expander(text, lookup).run();
}

}  // namespace minify::compose
