#pragma once
// A Root that remembers what lstat and readlink answered, for a tree that does not change while
// it is read (the image's pristine root in the pack container). The closure resolves every path
// the app named (path_resolver.h), one lstat of the whole path per component: tomcat-war's
// record names 4,000 paths, mostly missing ones under a few directories (/usr/share, /var/lib),
// so the same leading directories were looked up again and again, through overlayfs. Not for
// concurrent use: one per thread (the closure's own; the image walk reads the tree beside it).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/root.h"

namespace minify::analysis {

class CachedRoot : public Root {
 public:
  // `root` must outlive this.
  explicit CachedRoot(const Root& root) : root_(root) {}

  std::optional<FileInfo> lstat(const std::string& path) const override;
  std::string readlink(const std::string& path) const override;
  // Not remembered: each is asked once or twice per closure.
  std::vector<DirEntry> list(const std::string& dir) const override { return root_.list(dir); }
  FileHandle open(const std::string& path) const override { return root_.open(path); }
  std::vector<Xattr> xattrs(const std::string& path) const override { return root_.xattrs(path); }

 private:
  const Root& root_;
  mutable std::map<std::string, std::optional<FileInfo>> lstats_;
  mutable std::map<std::string, std::string> links_;
};

}  // namespace minify::analysis
