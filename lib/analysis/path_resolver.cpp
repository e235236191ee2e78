#include "analysis/path_resolver.h"

#include <deque>

namespace minify::analysis {
namespace {

// Pushes the components of path in front of pending, keeping their order.
void prepend_components(std::string_view path, std::deque<std::string>& pending) {
  std::vector<std::string> parts = split_nonempty(path, '/');
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_front(std::move(*it));
}

std::string to_path(const std::vector<std::string>& components) {
  if (components.empty()) return "/";
  std::string out;
  for (const auto& c : components) out += "/" + c;
  return out;
}

}  // namespace

std::vector<std::string> split_nonempty(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) parts.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

std::string parent_path(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

Resolution resolve(const Root& root, std::string_view path, bool follow_last) {
  Resolution result;
  std::deque<std::string> pending;
  prepend_components(path, pending);
  std::vector<std::string> current;  // resolved components of a directory that exists
  std::optional<FileInfo> current_info = root.lstat("/");
  int hops = 0;

  while (!pending.empty()) {
    std::string name = std::move(pending.front());
    pending.pop_front();
    if (name == ".") continue;
    if (name == "..") {
      // current is a real directory (symlinks were replaced by their targets), so its parent
      // is lexical; at the root ".." stays at the root, as in a chroot.
      if (!current.empty()) current.pop_back();
      current_info = root.lstat(to_path(current));
      continue;
    }
    current.push_back(name);
    const std::string candidate = to_path(current);
    std::optional<FileInfo> info = root.lstat(candidate);
    if (!info) {
      current.pop_back();
      result.status = Resolved::kMissing;
      result.path = to_path(current);
      return result;
    }
    if (info->type == FileType::kSymlink && (!pending.empty() || follow_last)) {
      if (++hops > kMaxSymlinks) {
        result.status = Resolved::kLoop;
        result.path = candidate;
        return result;
      }
      std::string target = root.readlink(candidate);
      result.symlinks.push_back({candidate, target});
      current.pop_back();
      if (!target.empty() && target[0] == '/') current.clear();
      prepend_components(target, pending);
      continue;
    }
    if (!pending.empty() && info->type != FileType::kDirectory) {
      result.status = Resolved::kNotDirectory;
      result.path = candidate;
      return result;
    }
    current_info = info;
  }
  result.status = current_info ? Resolved::kFound : Resolved::kMissing;
  result.path = to_path(current);
  result.info = current_info;
  return result;
}

}  // namespace minify::analysis
