#include "trace/path_join.h"

namespace minify::sensor {
namespace {

// Appends the components of `path` to `out` (which is "" or starts with "/"), skipping empty
// components and ".".
void append_components(std::string_view path, std::string& out) {
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view component = path.substr(i, end - i);
    if (!component.empty() && component != ".") {
      out += '/';
      out.append(component.data(), component.size());
    }
    i = end;
  }
}

}  // namespace

void join_path(std::string_view base, std::string_view path, std::string& out) {
  out.clear();
  if (path.empty() || path.front() != '/') append_components(base, out);
  append_components(path, out);
  if (out.empty()) out.push_back('/');
}

}  // namespace minify::sensor
