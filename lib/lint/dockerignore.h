#pragma once
// A .dockerignore file: which paths of the build context it keeps out. Patterns follow Docker's
// rules: one per line, `#` comments, `!` re-includes, the last matching pattern wins, a pattern
// that excludes a directory excludes everything under it; paths are relative to the context root.

#include <string>
#include <string_view>
#include <vector>

namespace minify::lint {

class Dockerignore {
 public:
  explicit Dockerignore(std::string_view text);

  // `path` is relative to the context root, '/'-separated, e.g. ".git" or "src/__pycache__".
  bool excludes(std::string_view path) const;

 private:
  struct Pattern {
    std::string glob;
    bool negated = false;
  };
  std::vector<Pattern> patterns_;
};

}  // namespace minify::lint
