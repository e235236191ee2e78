#include "probe/probe_result.h"

namespace minify::probe {

std::string_view kind_name(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kHttp:
      return "http";
    case ProbeKind::kExec:
      return "exec";
    case ProbeKind::kHostExec:
      return "host-exec";
    case ProbeKind::kExit:
      return "exit";
  }
  return "unknown";
}

}  // namespace minify::probe
