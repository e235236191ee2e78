#include "compose/dotenv.h"

#include <algorithm>

namespace minify::compose {
namespace {

constexpr std::string_view kBlank = " \t\v\f\r";

bool is_blank(char c) {
  return kBlank.find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  auto start = text.find_first_not_of(kBlank);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(kBlank) + 1 - start);
}

// A double-quoted value's escapes; any other backslash stays as written.
std::string unescape_double_quoted(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out.push_back(raw[i]);
      continue;
    }
    switch (char next = raw[++i]) {
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case '\\':
      case '"':
        out.push_back(next);
        break;
      default:
        out.push_back('\\');
        out.push_back(next);
    }
  }
  return out;
}

std::string unescape_single_quoted(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '\'') ++i;
    out.push_back(raw[i]);
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, const VariableLookup& environment)
      : text_(text), file_(file), environment_(environment) {}

  Dotenv run() {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (text_.starts_with(kBom)) pos_ = kBom.size();
    while (true) {
      while (pos_ < text_.size() && (is_blank(text_[pos_]) || text_[pos_] == '\n')) ++pos_;
      if (pos_ == text_.size()) break;
      statement_ = pos_;
      if (text_[pos_] == '#') {
        pos_ = line_end(pos_);
        continue;
      }
      entry();
    }
    return std::move(out_);
  }

 private:
  void entry() {
    const std::size_t end = line_end(pos_);
    const std::size_t equals = text_.find('=', pos_);
    const bool has_value = equals < end;
    std::string_view key = trim(text_.substr(pos_, (has_value ? equals : end) - pos_));
    if (key.starts_with("export") && key.size() > 6 && is_blank(key[6])) key = trim(key.substr(6));
    if (key.empty()) fail("no variable name before '='");
    if (std::any_of(key.begin(), key.end(), is_blank))
      fail("variable name '" + std::string(key) + "' contains a space");
    if (!has_value) {  // a name alone: the environment's value, when it has one
      if (auto value = environment_(std::string(key))) out_.values[std::string(key)] = *value;
      pos_ = end;
      return;
    }
    pos_ = equals + 1;
    while (pos_ < end && is_blank(text_[pos_])) ++pos_;
    const std::string name(key);
    const char quote = pos_ < end ? text_[pos_] : '\0';
    std::string value;
    if (quote == '\'' || quote == '"') {
      std::string_view raw = quoted(name, quote);
      value = quote == '\'' ? unescape_single_quoted(raw)
                            : interpolated(name, unescape_double_quoted(raw));
    } else {
      // From the '=' on, so that a blank before a leading '#' makes it a comment too.
      std::string_view raw = text_.substr(equals + 1, end - equals - 1);
      for (std::size_t i = 1; i < raw.size(); ++i)
        if (raw[i] == '#' && is_blank(raw[i - 1])) {
          raw = raw.substr(0, i);
          break;
        }
      value = interpolated(name, std::string(trim(raw)));
      pos_ = end;
    }
    out_.values[name] = std::move(value);
  }

  // The text between the quote at pos_ and its closing one (which may be lines later); leaves
  // pos_ at the end of the closing quote's line, where only a comment may follow it.
  std::string_view quoted(const std::string& name, char quote) {
    std::size_t close = pos_ + 1;
    while (close < text_.size() && text_[close] != quote)
      close += text_[close] == '\\' && close + 1 < text_.size() ? 2 : 1;
    if (close >= text_.size()) fail("the value of " + name + " has no closing " + quote);
    std::string_view raw = text_.substr(pos_ + 1, close - pos_ - 1);
    pos_ = close + 1;
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '#')
      fail("text after the closing quote of " + name + "'s value");
    pos_ = line_end(pos_);
    return raw;
  }

  std::string interpolated(const std::string& name, const std::string& raw) {
    // The environment wins over the file, within it as well as after it.
    VariableLookup lookup = [&](const std::string& variable) -> std::optional<std::string> {
      if (auto value = environment_(variable)) return value;
      auto it = out_.values.find(variable);
      if (it == out_.values.end()) return std::nullopt;
      return it->second;
    };
    try {
      Interpolated result = interpolate(raw, lookup);
      for (auto& variable : result.unset)
        if (std::find(out_.unset.begin(), out_.unset.end(), variable) == out_.unset.end())
          out_.unset.push_back(std::move(variable));
      return std::move(result.text);
    } catch (const InterpolationError& e) {
      fail(name + ": " + e.what());
    }
  }

  std::size_t line_end(std::size_t from) const {
    return std::min(text_.find('\n', from), text_.size());
  }

  [[noreturn]] void fail(const std::string& what) const {
    auto line = 1 + std::count(text_.begin(), text_.begin() + statement_, '\n');
    throw DotenvError(file_ + ":" + std::to_string(line) + ": " + what);
  }

  std::string_view text_;
  const std::string& file_;
  const VariableLookup& environment_;
  std::size_t pos_ = 0;
  std::size_t statement_ = 0;  // where the entry being read starts, for the line in errors
  Dotenv out_;
};

}  // namespace

Dotenv parse_dotenv(std::string_view text, const std::string& file,
                    const VariableLookup& environment) {
  return Parser(text, file, environment).run();
}

}  // namespace minify::compose
