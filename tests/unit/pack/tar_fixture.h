#pragma once
// Building and reading small tars in tests, with libarchive.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace minify::pack::test {

struct TarItem {
  std::string name;
  char type = 'f';      // 'f' file, 'd' dir, 'l' symlink, 'h' hard link
  std::string content;  // file bytes
  std::string link;     // symlink or hard-link target
  unsigned mode = 0644;
  std::int64_t uid = 0, gid = 0;
  std::int64_t mtime = 1'600'000'000;
  std::map<std::string, std::string> xattrs;
};

void write_tar(const std::filesystem::path& path, const std::vector<TarItem>& items);
std::vector<TarItem> read_tar(const std::filesystem::path& path);
std::string read_file(const std::filesystem::path& path);

// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace minify::pack::test
