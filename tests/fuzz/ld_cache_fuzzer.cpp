// libFuzzer target for lib/analysis's ld.so.cache reader: any bytes as an image's
// /etc/ld.so.cache must give entries or std::runtime_error("ld.so.cache: ..."); never a crash, an
// out-of-bounds read (ASan) or another exception.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "analysis/ld_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto entries = minify::analysis::parse_ld_cache({reinterpret_cast<const char*>(data), size});
    for (const auto& entry : entries) (void)entry.name.size();
  } catch (const std::runtime_error&) {
    // a truncated or unknown cache is named and ignored by the library search
  }
  return 0;
}
