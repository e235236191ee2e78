#pragma once
// Why the keep-set holds an entry, in detail: what the report's "kept_files[].reasons" say and
// `minify explain` follows. The names are the pack summary's (protocol/pack_summary.h).

#include <string>

namespace minify::analysis {

// What kept an entry.
enum class ReasonKind {
  kRead,            // the record: opened (to read or write), read as a link, its xattrs
  kExecuted,        // the record: executed (or a traced process's own file)
  kStat,            // the record: looked at only (stat, access, chdir)
  kWrittenDir,      // the record: the deepest existing directory on the way to a path made
  kElfInterpreter,  // the ELF interpreter of `detail`
  kElfLibrary,      // a DT_NEEDED library of `detail`
  kSymlink,         // a symlink on the way to `detail`
  kParent,          // the parent directory of `detail`
  kDefaultRule,     // a built-in rule, `detail` says which
  kInclude,  // a user rule: the --include pattern as given ("/etc/ssl"), or the other rules
             // with their flag ("--include-exe curl", "--include-bin /x", "--include-shell")
};

struct KeepReason {
  ReasonKind kind = ReasonKind::kRead;
  // The process (kRead, kExecuted, kStat, kWrittenDir: the first process that touched the path,
  // "" when unknown), the path that needs this one (ELF, symlink, parent), or the rule.
  std::string detail;

  bool operator==(const KeepReason&) const = default;
};

// The kind as the summary and the report name it: "read", "executed", "stat", "written_dir",
// "elf_interpreter", "elf_library", "symlink", "parent", "default_rule", "include".
const char* kind_name(ReasonKind kind);

}  // namespace minify::analysis
