#include "analysis/cached_root.h"

namespace minify::analysis {

std::optional<FileInfo> CachedRoot::lstat(const std::string& path) const {
  if (auto it = lstats_.find(path); it != lstats_.end()) return it->second;
  return lstats_.emplace(path, root_.lstat(path)).first->second;
}

std::string CachedRoot::readlink(const std::string& path) const {
  if (auto it = links_.find(path); it != links_.end()) return it->second;
  // A failure throws, and is asked again next time: it is the error the closure reports.
  return links_.emplace(path, root_.readlink(path)).first->second;
}

}  // namespace minify::analysis
