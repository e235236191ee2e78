#pragma once
// `minify explain REPORT PATH`: why a build kept a path, following its first reason back to what
// the app did or to a rule ("/usr/lib/libssl.so.3: kept (elf_library of /usr/lib/_ssl.so), which
// was kept (read by /usr/bin/python3)"); for a path the slim image leaves out, that it was
// dropped, its bytes and what would keep it; for any other path, that the original does not hold
// it. Works on the JSON build report alone (schema_version 2 or later, docs/report-schema.md).

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace minify::report {

// The JSON is not a build report this minify can explain; what() says why, in one line.
struct ExplainError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `path`: absolute or relative to "/", bytes; a trailing "/" and repeated "/" are ignored.
// Returns the explanation, one or more lines each ending with '\n', names made printable.
std::string explain(const nlohmann::json& report, std::string_view path);

}  // namespace minify::report
