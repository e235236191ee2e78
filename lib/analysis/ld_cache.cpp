#include "analysis/ld_cache.h"

#include <elf.h>

#include <cstring>
#include <stdexcept>

namespace minify::analysis {
namespace {

constexpr std::string_view kOldMagic = "ld.so-1.7.0";
constexpr std::string_view kNewMagic = "glibc-ld.so.cache1.1";
constexpr std::size_t kOldHeaderSize = 16;  // magic (11) padded, then nlibs
constexpr std::size_t kOldEntrySize = 12;   // flags, key, value
constexpr std::size_t kNewHeaderSize =
    48;  // magic+version, nlibs, len_strings, flags, pad, ext, unused
constexpr std::size_t kNewEntrySize = 24;  // flags, key, value, osversion, hwcap

// Flag values as ldconfig writes them (glibc's dl-cache.h).
constexpr std::int32_t kFlagElfLibc6 = 0x0003;
constexpr std::int32_t kFlagX8664Lib64 = 0x0300;
constexpr std::int32_t kFlagAArch64Lib64 = 0x0a00;
constexpr std::int32_t kFlagX8664LibX32 = 0x0800;

std::runtime_error corrupt(const std::string& why) {
  return std::runtime_error("ld.so.cache: " + why);
}

template <typename T>
T load(std::string_view bytes, std::size_t offset) {
  if (offset + sizeof(T) > bytes.size()) throw corrupt("truncated");
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

std::string string_at(std::string_view table, std::uint32_t offset) {
  if (offset >= table.size()) throw corrupt("string offset out of range");
  auto end = table.find('\0', offset);
  if (end == std::string_view::npos) throw corrupt("unterminated string");
  return std::string(table.substr(offset, end - offset));
}

}  // namespace

std::int32_t ld_cache_flags_for(int elf_class, int machine) {
  if (machine == EM_X86_64) {
    return kFlagElfLibc6 | (elf_class == ELFCLASS64 ? kFlagX8664Lib64 : kFlagX8664LibX32);
  }
  if (machine == EM_AARCH64) return kFlagElfLibc6 | kFlagAArch64Lib64;
  return kFlagElfLibc6;  // i386 and other 32-bit ports carry no extra bits
}

std::vector<LdCacheEntry> parse_ld_cache(std::string_view bytes) {
  std::size_t start = 0;
  if (bytes.substr(0, kOldMagic.size()) == kOldMagic) {
    // The new table follows the old one, aligned to 8 bytes.
    auto nlibs = load<std::uint32_t>(bytes, kOldMagic.size() + 1);
    start = kOldHeaderSize + std::size_t{nlibs} * kOldEntrySize;
    start = (start + 7) & ~std::size_t{7};
    // A count past the end: substr() below would throw std::out_of_range, not a named error.
    if (start > bytes.size()) throw corrupt("truncated");
  }
  if (bytes.substr(start, kNewMagic.size()) != kNewMagic) throw corrupt("unknown format");
  // Offsets in the new format count from the new header's first byte.
  std::string_view table = bytes.substr(start);
  auto nlibs = load<std::uint32_t>(table, kNewMagic.size());
  if (kNewHeaderSize + std::size_t{nlibs} * kNewEntrySize > table.size())
    throw corrupt("truncated");
  std::vector<LdCacheEntry> out;
  out.reserve(nlibs);
  for (std::uint32_t i = 0; i < nlibs; ++i) {
    std::size_t at = kNewHeaderSize + std::size_t{i} * kNewEntrySize;
    LdCacheEntry entry;
    entry.flags = load<std::int32_t>(table, at);
    entry.name = string_at(table, load<std::uint32_t>(table, at + 4));
    entry.path = string_at(table, load<std::uint32_t>(table, at + 8));
    entry.hwcap = load<std::uint64_t>(table, at + 16);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace minify::analysis
