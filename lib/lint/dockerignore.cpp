#include "lint/dockerignore.h"

#include "lint/ascii_text.h"
#include "lint/glob_match.h"

namespace minify::lint {
namespace {

// Docker cleans patterns like paths: no leading "/" or "./", no trailing "/", no "//".
std::string clean(std::string_view p) {
  while (p.starts_with("./") || p.starts_with('/')) p.remove_prefix(p.starts_with('/') ? 1 : 2);
  while (p.ends_with('/')) p.remove_suffix(1);
  std::string out;
  for (char c : p)
    if (!(c == '/' && !out.empty() && out.back() == '/')) out += c;
  return out;
}

}  // namespace

Dockerignore::Dockerignore(std::string_view text) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    Pattern p;
    if (line.front() == '!') {
      p.negated = true;
      line = trim(line.substr(1));
    }
    p.glob = clean(line);
    if (!p.glob.empty()) patterns_.push_back(std::move(p));
  }
}

bool Dockerignore::excludes(std::string_view path) const {
  bool excluded = false;
  for (const auto& p : patterns_) {
    // The pattern matches the path itself or one of its parent directories.
    bool hit = glob_match(p.glob, path);
    for (size_t slash = path.find('/'); !hit && slash != std::string_view::npos;
         slash = path.find('/', slash + 1))
      hit = glob_match(p.glob, path.substr(0, slash));
    if (hit) excluded = !p.negated;
  }
  return excluded;
}

}  // namespace minify::lint
