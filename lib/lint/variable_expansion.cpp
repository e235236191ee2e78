#include "lint/variable_expansion.h"

#include <cctype>

namespace minify::lint {
namespace {

// Deeper nesting than this (${a:-${b:-...}}) is left as written rather than recursed into.
constexpr int kMaxDepth = 16;

bool name_char(char c, bool first) {
  return c == '_' || std::isalpha(static_cast<unsigned char>(c)) ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// Index of the '}' closing the '${' whose body starts at `start`, or npos.
size_t closing_brace(std::string_view s, size_t start) {
  int depth = 1;
  for (size_t i = start; i < s.size(); ++i) {
    if (s[i] == '{' && i > 0 && s[i - 1] == '$') ++depth;
    if (s[i] == '}' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

using Unset = std::set<std::string, std::less<>>;

std::string expand(std::string_view s, const Variables& vars, char escape, int depth,
                   Unset* unset) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == escape && i + 1 < s.size() && s[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (c != '$' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    if (name_char(s[i + 1], true)) {
      size_t j = i + 1;
      while (j < s.size() && name_char(s[j], false)) ++j;
      auto it = vars.find(s.substr(i + 1, j - i - 1));
      if (it != vars.end())
        out += it->second;
      else if (unset)
        unset->emplace(s.substr(i + 1, j - i - 1));
      i = j - 1;
      continue;
    }
    if (s[i + 1] != '{' || depth >= kMaxDepth) {
      out += c;
      continue;
    }
    size_t close = closing_brace(s, i + 2);
    if (close == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    std::string_view body = s.substr(i + 2, close - i - 2);
    size_t n = 0;
    while (n < body.size() && name_char(body[n], n == 0)) ++n;
    std::string_view name = body.substr(0, n);
    std::string_view op = body.substr(n);
    auto it = vars.find(name);
    bool set = it != vars.end();
    bool non_empty = set && !it->second.empty();
    if (name.empty()) {
      out += s.substr(i, close - i + 1);  // not a substitution we know: keep it
    } else if (op.empty()) {
      if (set)
        out += it->second;
      else if (unset)
        unset->emplace(name);
    } else if (op.starts_with(":-")) {
      out += non_empty ? it->second : expand(op.substr(2), vars, escape, depth + 1, unset);
    } else if (op.starts_with("-")) {
      out += set ? it->second : expand(op.substr(1), vars, escape, depth + 1, unset);
    } else if (op.starts_with(":+")) {
      if (non_empty) out += expand(op.substr(2), vars, escape, depth + 1, unset);
    } else if (op.starts_with("+")) {
      if (set) out += expand(op.substr(1), vars, escape, depth + 1, unset);
    } else {
      out += s.substr(i, close - i + 1);
    }
    i = close;
  }
  return out;
}

}  // namespace

std::string expand_variables(std::string_view word, const Variables& vars, char escape,
                             std::set<std::string, std::less<>>* unset) {
  return expand(word, vars, escape, 0, unset);
}

}  // namespace minify::lint
