#pragma once
// Building and reading small tars in tests, with libarchive.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.h"

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

using minify::test::TempDir;

}  // namespace minify::pack::test
