#pragma once
// The archive API's X-Docker-Container-Path-Stat header (GET and HEAD of
// /containers/{id}/archive): base64 of a JSON object describing the path.

#include <string>
#include <string_view>

#include "engine/engine.h"

namespace minify::engine {

// An empty header gives an empty PathStat; a corrupt one throws EngineError(kProtocol) naming
// `doing`.
PathStat parse_path_stat(const std::string& header, std::string_view doing);

}  // namespace minify::engine
