#pragma once
// Text and file names made safe to put in an HTML page, in element content or in a quoted
// attribute value alike. Everything that reaches a report page goes through here: a name or a
// message chosen by an image must never become markup or script.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace minify::html {

// `&`, `<`, `>`, `"` and `'` as character references. Control characters other than newline and
// tab, and bytes that are not valid UTF-8, are written as the text `\xNN` (as
// byte_names::printable() does), so the page is valid UTF-8 whatever the input.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

// A file name (bytes) as a person reads it: byte_names::printable() (every control character,
// newline and tab too, as `\xNN`), then escape(). One pass, no copy: pages list thousands.
std::string escape_name(std::string_view name);
void append_escaped_name(std::string& out, std::string_view name);

// A name as the reports encode it in JSON (a string, or {"hex": "..."}; lib/byte_names), as text
// for a person (printable, not yet escaped). A value of neither form reads as "?" rather than
// failing: a page is drawn from whatever report it is given.
std::string name_text(const nlohmann::json& name);
// The same, escaped, appended to `out`.
void append_json_name(std::string& out, const nlohmann::json& name);

}  // namespace minify::html
