#pragma once
// Reader of glibc's /etc/ld.so.cache ("glibc-ld.so.cache1.1", optionally preceded by the old
// "ld.so-1.7.0" table), so libraries are found in the image exactly where its own ld.so would
// look them up, including directories only its /etc/ld.so.conf names.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minify::analysis {

struct LdCacheEntry {
  std::string name;        // soname, e.g. "libc.so.6"
  std::string path;        // where it is, e.g. "/lib/x86_64-linux-gnu/libc.so.6"
  std::int32_t flags = 0;  // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64, ...
  std::uint64_t hwcap = 0;
};

// Cache flags for the ELF class/machine a requesting object has; ld.so accepts only entries
// with these flags.
std::int32_t ld_cache_flags_for(int elf_class, int machine);

// Throws std::runtime_error("ld.so.cache: ...") on a truncated or unknown file.
std::vector<LdCacheEntry> parse_ld_cache(std::string_view bytes);

}  // namespace minify::analysis
