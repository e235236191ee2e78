#pragma once
// Whether a byte string is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), the test that decides how a file name is written in JSON.

#include <cstddef>
#include <string_view>

namespace minify::byte_names {

bool is_utf8(std::string_view bytes);

// The length of the well-formed UTF-8 sequence that starts `bytes` at `at`, or 0 when the
// byte there starts none (a stray continuation byte, a truncated or overlong sequence).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at);

}  // namespace minify::byte_names
