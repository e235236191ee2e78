#pragma once
// Byte counts as people write them on a command line: "20MB", "1.5GiB", "512k", "1000".
// Decimal units are powers of 1000 (kB, MB, GB, TB), binary ones powers of 1024 (KiB, MiB, ...);
// case does not matter, the "B" is optional ("20m" = "20MB").

#include <cstdint>
#include <string_view>

namespace minify::xray {

// Throws std::invalid_argument with a one-line message for anything else (negative, no number,
// an unknown unit, an overflow).
std::uint64_t parse_byte_size(std::string_view text);

}  // namespace minify::xray
