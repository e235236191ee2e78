#pragma once
// The answer of POST /images/load: a stream of JSON messages, one a line, e.g.
//   {"stream":"Loaded image: app:1\n"}  {"stream":"Loaded image ID: sha256:...\n"}
//   {"errorDetail":{"message":"..."},"error":"..."}
// Pure, so the parsing is unit-tested without an engine.

#include <string>
#include <string_view>
#include <vector>

namespace minify::engine {

struct LoadResult {
  std::vector<std::string> names;  // "Loaded image: repo:tag"
  std::vector<std::string> ids;    // "Loaded image ID: sha256:..." (images without a tag)
};

// Throws EngineError: kBadRequest carrying the engine's message for an {"error": ...} message;
// kProtocol for a line that is not JSON.
LoadResult parse_load_messages(std::string_view answer);

}  // namespace minify::engine
