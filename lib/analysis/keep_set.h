#pragma once
// From a sensor record to the keep-set: every entry of the image the slim image must hold.
//
// Closure, against the image's root (never the host's): each recorded path resolved inside the
// root with every symlink met kept; parent directories with their own metadata; the ELF
// interpreter and DT_NEEDED closure of every kept executable and library (library_search.h);
// /etc/ld.so.cache when a dynamic ELF is kept; /etc/passwd, /etc/group, /etc/nsswitch.conf;
// CA certificates when the app touched TLS; the user's rules. Hard links stay hard links.
//
// Decisions:
// - A recorded path that does not exist in the image is dropped (listed as skipped); the
//   symlinks met on the way are kept (a dangling symlink the app read still matters). When the
//   app created or wrote it, the deepest existing directory on its way is kept (empty unless
//   other entries are kept in it), with the image's owner and mode.
// - A directory is kept alone (stat, listing, chdir): only --include keeps a whole subtree.
// - A DT_NEEDED name no search finds is met, as glibc's ld.so meets it, by an object with that
//   DT_SONAME that the app itself loaded (JVM: libjava.so's "libjvm.so" is lib/server/libjvm.so,
//   dlopen()ed by path): when the record shows the app loaded both objects and every kept
//   interpreter is glibc's. The object's reasons then name the need (elf_library). Any other
//   name no search finds is a warning.
// - Never kept: /proc, /sys, /dev (the runtime mounts them), the engine's bind mounts
//   /etc/hosts, /etc/hostname, /etc/resolv.conf (the engine creates them in every container),
//   the sensor's own /.minify, sockets and device nodes. Each is listed with its reason.
// - --exclude is applied last and always wins, even over what the app used: the user asked for
//   it. Every removal is listed as skipped; removing what the app reached (a recorded path, a
//   symlink on its way, a directory it wrote into, a library a kept program loads) is also a
//   warning, so it is never silent.
// - --include-bin, --include-exe and --include-shell that find nothing are errors (a typo must
//   not pass a CI build); an --include glob that matches nothing is a warning.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/keep_reason.h"
#include "analysis/root.h"
#include "record/record.h"

namespace minify::analysis {

inline constexpr const char* kDefaultPathEnv =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

struct Rules {
  std::vector<std::string> include;      // absolute paths or globs; a directory brings its subtree
  std::vector<std::string> include_bin;  // absolute paths of programs, with their ELF closure
  std::vector<std::string> include_exe;  // names searched on path_env, with their ELF closure
  std::string path_env = kDefaultPathEnv;  // the image's PATH
  bool include_shell = false;              // the image's /bin/sh, with its ELF closure
  std::vector<std::string> exclude;        // globs (path_glob.h), applied last
};

struct KeptEntry {
  std::string path;  // resolved, absolute inside the root
  FileInfo info;
  std::string symlink_target;  // for a symlink, as stored
  std::string hardlink_to;     // set when this is a further name of an inode kept under that path
  // Why it is kept: "record", "symlink", "parent", "written-into", "elf", "default", "tls",
  // "include".
  std::string reason;
  // Every way it is needed, at most one per kind, in the order the closure met them: the first
  // is the one that kept it (it gave `reason`).
  std::vector<KeepReason> reasons;
};

struct SkippedEntry {
  std::string path;
  std::string reason;
};

struct KeepSet {
  std::map<std::string, KeptEntry> entries;  // by path; "/" itself is implied, never listed
  std::vector<SkippedEntry> skipped;         // sorted by path
  std::vector<std::string> warnings;
};

// A user rule that cannot be satisfied (an --include-bin that is not in the image, ...).
class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws RuleError for an unsatisfiable rule, std::runtime_error for an unreadable root.
KeepSet close_keep_set(const Root& root, const record::Record& record, const Rules& rules);

}  // namespace minify::analysis
