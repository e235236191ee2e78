#pragma once
// Turning the path a syscall named into the record's form (record::PathEntry::path): absolute,
// joined to its base, "." and repeated "/" dropped, ".." and symlinks left alone.

#include <string>
#include <string_view>

namespace minify::sensor {

// Writes into `out` the normal form of `path` when absolute, else of `base` + "/" + `path`.
// `base` must be absolute. A trailing "/" is dropped (except for "/" itself). Reuses out's storage.
void join_path(std::string_view base, std::string_view path, std::string& out);

}  // namespace minify::sensor
