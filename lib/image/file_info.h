#pragma once
// The metadata of one filesystem entry as a layer tar carries it. Contents are never kept: an image
// is indexed, not unpacked, so memory grows with the number of entries, not with their bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minify::image {

enum class FileType : std::uint8_t {
  kRegular,
  kDirectory,
  kSymlink,
  kHardLink,  // only in a layer: the merged view resolves it to its target's type
  kCharDevice,
  kBlockDevice,
  kFifo,
  kSocket,
  kWhiteout,   // only in a layer: `.wh.NAME`, `path` is NAME, deleted from the layers below
  kOpaqueDir,  // only in a layer: `.wh..wh..opq`, `path` is the directory whose lower content goes
};

std::string_view file_type_name(FileType type);

struct FileInfo {
  std::string path;  // normalised: relative to the root, no "." or ".." parts, no leading '/'
  FileType type = FileType::kRegular;
  std::uint32_t mode = 0;  // permission bits, setuid/setgid/sticky included (07777)
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::uint64_t size = 0;  // content bytes (regular files only)
  std::int64_t mtime = 0;  // seconds since the epoch
  // kSymlink: the target as written (never followed). kHardLink: the normalised path it links to.
  std::string link_target;
  std::uint32_t dev_major = 0;  // character and block devices
  std::uint32_t dev_minor = 0;
  // Extended attributes (name, raw value), security.capability included; empty for most files.
  std::vector<std::pair<std::string, std::string>> xattrs;
  // Regular files that IndexOptions::hash chose: "sha256:<hex>" of the contents. Empty otherwise.
  std::string digest;

  bool operator==(const FileInfo&) const = default;
};

}  // namespace minify::image
