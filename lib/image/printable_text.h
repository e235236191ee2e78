#pragma once
// Names in an image are bytes its author chose: an ESC, a CR or a newline in a file name would
// drive the terminal (move the cursor, rewrite a line, forge output) if printed as they are.
// For text meant for a terminal (the text report, error lines), every control character is
// written as \xHH (two lower-case hex digits): the C0 bytes 0x00-0x1f, DEL 0x7f, and the C1
// controls U+0080-U+009F (UTF-8 0xc2 0x80-0x9f, escaped byte by byte). Everything else, invalid
// UTF-8 included, passes unchanged, so ordinary names print as they are. JSON output never uses
// this: the JSON writer escapes control characters itself.

#include <string>
#include <string_view>

namespace minify::image {

std::string printable_text(std::string_view text);

}  // namespace minify::image
