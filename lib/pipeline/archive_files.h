#pragma once
// The small tars the archive API speaks: putting the sensor (and a record) into a container,
// taking one file out of the tar that GET /containers/{id}/archive answers with (a big one as it
// streams: unwrap_stream.h).

#include <filesystem>
#include <string>
#include <vector>

namespace minify::pipeline {

struct FileToPut {
  std::string name;     // its path in the container, "/.minify/sensor" (extracted at "/")
  std::string content;  // its bytes
  unsigned mode = 0644;
};

// A tar of `files`, each directory on the way created (0755, root-owned). Throws on an error.
std::string tar_of(const std::vector<FileToPut>& files);

// The bytes of the first regular file in the tar `tar_bytes`; throws std::runtime_error naming
// `what` when there is none or the tar is corrupt.
std::string single_file_of(const std::string& tar_bytes, const std::string& what);

std::string read_whole_file(const std::filesystem::path& path);

}  // namespace minify::pipeline
