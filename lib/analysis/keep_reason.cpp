#include "analysis/keep_reason.h"

namespace minify::analysis {

const char* kind_name(ReasonKind kind) {
  switch (kind) {
    case ReasonKind::kRead:
      return "read";
    case ReasonKind::kExecuted:
      return "executed";
    case ReasonKind::kStat:
      return "stat";
    case ReasonKind::kWrittenDir:
      return "written_dir";
    case ReasonKind::kElfInterpreter:
      return "elf_interpreter";
    case ReasonKind::kElfLibrary:
      return "elf_library";
    case ReasonKind::kSymlink:
      return "symlink";
    case ReasonKind::kParent:
      return "parent";
    case ReasonKind::kDefaultRule:
      return "default_rule";
    case ReasonKind::kInclude:
      return "include";
  }
  return "unknown";
}

}  // namespace minify::analysis
