#pragma once
// A file name (or any byte string from outside) made safe for a terminal, a message or a JSON
// string: control characters (C0, DEL, C1) and bytes that are not part of valid UTF-8 become
// "\xNN"; every other byte is kept, so a UTF-8 name reads as it is and no escape sequence ever
// reaches a terminal raw. It is for people, not lossless (a name holding a literal "\x41" reads
// like one holding "A"): a name meant to be read back goes in JSON through name_json.h.

#include <string>
#include <string_view>

namespace minify::byte_names {

std::string printable(std::string_view bytes);

// Appends the escape printable() writes for one byte, "\xNN" (lower-case hex), for another
// writer of names that escapes the same bytes the same way (lib/html).
void append_escaped_byte(std::string& out, unsigned char c);

}  // namespace minify::byte_names
