#include "image/file_info.h"

namespace minify::image {

std::string_view file_type_name(FileType type) {
  switch (type) {
    case FileType::kRegular:
      return "file";
    case FileType::kDirectory:
      return "dir";
    case FileType::kSymlink:
      return "symlink";
    case FileType::kHardLink:
      return "hardlink";
    case FileType::kCharDevice:
      return "char";
    case FileType::kBlockDevice:
      return "block";
    case FileType::kFifo:
      return "fifo";
    case FileType::kSocket:
      return "socket";
    case FileType::kWhiteout:
      return "whiteout";
    case FileType::kOpaqueDir:
      return "opaque";
  }
  return "unknown";
}

}  // namespace minify::image
