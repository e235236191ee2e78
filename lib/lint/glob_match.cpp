#include "lint/glob_match.h"

#include <vector>

namespace minify::lint {
namespace {

enum class Kind { kLiteral, kAnyChar, kStar, kGlobStar, kClass };

struct Token {
  Kind kind;
  char c = 0;
  std::string_view cls = {};  // the inside of [...], for kClass
  bool slash_after = false;   // kGlobStar written as `**/`
};

std::vector<Token> tokenize(std::string_view p) {
  std::vector<Token> out;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        Token t{Kind::kGlobStar};
        i += 1;
        while (i + 1 < p.size() && p[i + 1] == '*') ++i;
        if (i + 1 < p.size() && p[i + 1] == '/') {
          t.slash_after = true;
          ++i;
        }
        out.push_back(t);
      } else {
        out.push_back({Kind::kStar});
      }
    } else if (c == '?') {
      out.push_back({Kind::kAnyChar});
    } else if (c == '[') {
      size_t close = p.find(']', i + 2);
      if (close == std::string_view::npos) {
        out.push_back({Kind::kLiteral, c});
      } else {
        out.push_back({Kind::kClass, 0, p.substr(i + 1, close - i - 1)});
        i = close;
      }
    } else if (c == '\\' && i + 1 < p.size()) {
      out.push_back({Kind::kLiteral, p[++i]});
    } else {
      out.push_back({Kind::kLiteral, c});
    }
  }
  return out;
}

bool class_matches(std::string_view cls, char c) {
  bool negate = !cls.empty() && (cls[0] == '!' || cls[0] == '^');
  if (negate) cls.remove_prefix(1);
  bool hit = false;
  for (size_t i = 0; i < cls.size(); ++i) {
    if (i + 2 < cls.size() && cls[i + 1] == '-') {
      if (c >= cls[i] && c <= cls[i + 2]) hit = true;
      i += 2;
    } else if (cls[i] == c) {
      hit = true;
    }
  }
  return hit != negate && c != '/';
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::vector<Token> tokens = tokenize(pattern);
  const size_t n = tokens.size(), m = path.size();
  // next[j]: whether tokens[i+1..] match path[j..]; filled from the last token backwards.
  std::vector<char> next(m + 1, 0), cur(m + 1, 0);
  next[m] = 1;
  for (size_t i = n; i-- > 0;) {
    const Token& t = tokens[i];
    bool reach_slash = false;  // kGlobStar with '/': some '/' at or after j leads to a match
    for (size_t j = m + 1; j-- > 0;) {
      bool ok = false;
      switch (t.kind) {
        case Kind::kLiteral:
          ok = j < m && path[j] == t.c && next[j + 1];
          break;
        case Kind::kAnyChar:
          ok = j < m && path[j] != '/' && next[j + 1];
          break;
        case Kind::kClass:
          ok = j < m && class_matches(t.cls, path[j]) && next[j + 1];
          break;
        case Kind::kStar:
          ok = next[j] || (j < m && path[j] != '/' && cur[j + 1]);
          break;
        case Kind::kGlobStar:
          if (t.slash_after) {
            // zero segments, or any text up to and including a '/'
            if (j < m && path[j] == '/' && next[j + 1]) reach_slash = true;
            ok = next[j] || reach_slash;
          } else {
            ok = next[j] || (j < m && cur[j + 1]);
          }
          break;
      }
      cur[j] = ok;
    }
    std::swap(next, cur);
  }
  return next[0];
}

}  // namespace minify::lint
