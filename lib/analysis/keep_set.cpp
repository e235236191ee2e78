#include "analysis/keep_set.h"

#include <elf.h>

#include <array>
#include <deque>
#include <set>
#include <string_view>

#include "analysis/cached_root.h"
#include "analysis/elf_reader.h"
#include "analysis/library_search.h"
#include "analysis/path_glob.h"
#include "analysis/path_resolver.h"
#include "protocol/sensor_protocol.h"

namespace minify::analysis {
namespace {

bool is_under(std::string_view path, std::string_view dir) {
  return path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

std::string base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

constexpr std::array<std::string_view, 3> kRuntimeFilesystems = {"/proc", "/sys", "/dev"};
constexpr std::array<std::string_view, 3> kEngineBindMounts = {"/etc/hosts", "/etc/hostname",
                                                               "/etc/resolv.conf"};
constexpr std::array<std::string_view, 3> kDefaults = {"/etc/passwd", "/etc/group",
                                                       "/etc/nsswitch.conf"};
// Libraries whose presence means the app speaks TLS.
constexpr std::array<std::string_view, 5> kTlsLibraries = {
    "libssl.so", "libcrypto.so", "libgnutls.so", "libnss3.so", "libmbedtls.so"};
// Where trust stores live; a recorded path under one also means TLS.
constexpr std::array<std::string_view, 5> kTlsDirs = {
    "/etc/ssl", "/etc/pki", "/usr/share/ca-certificates", "/usr/lib/ssl", "/etc/ca-certificates"};
// What is kept for TLS, when present: the trust stores and OpenSSL's configuration.
constexpr std::array<std::string_view, 8> kTlsKeep = {
    "/etc/ssl/certs",     "/etc/ssl/openssl.cnf",
    "/etc/ssl/cert.pem",  "/usr/share/ca-certificates",
    "/usr/lib/ssl/certs", "/usr/lib/ssl/openssl.cnf",
    "/etc/pki/tls",       "/etc/pki/ca-trust/extracted"};

// The built-in rules, as the report names them.
constexpr const char* kDefaultsRule =
    "user and name service files: /etc/passwd, /etc/group, /etc/nsswitch.conf";
constexpr const char* kTlsRule = "TLS trust stores and OpenSSL configuration (the app uses TLS)";
constexpr const char* kLdCacheRule = "the loader's cache /etc/ld.so.cache (a dynamic ELF is kept)";

// What the record says of a path that exists, most telling first: executed, read, looked at.
std::vector<KeepReason> record_reasons(std::uint32_t ops, const std::string& process) {
  std::vector<KeepReason> out;
  if (ops & record::kExec) out.push_back({ReasonKind::kExecuted, process});
  constexpr std::uint32_t kUsed = record::kRead | record::kWrite | record::kCreate |
                                  record::kReadlink | record::kXattr | record::kSocket |
                                  record::kDelete;
  if (ops & kUsed) out.push_back({ReasonKind::kRead, process});
  if (out.empty()) out.push_back({ReasonKind::kStat, process});
  return out;
}

// glibc's ld.so, by its own DT_SONAME on each architecture: ld-linux*.so.N, ld64.so.N, ld.so.1.
bool is_glibc_loader(const std::string& soname) {
  return soname.rfind("ld-linux", 0) == 0 || soname == "ld64.so.1" || soname == "ld64.so.2" ||
         soname == "ld.so.1";
}

// An object the app loaded, as a DT_NEEDED name that no search finds may still reach it.
struct LoadedObject {
  std::string path;
  int elf_class = 0;
  int machine = 0;
};

// A DT_NEEDED name no search found, settled once every kept ELF has been read.
struct UnfoundNeed {
  std::string name;
  std::string requester;  // resolved path
  int elf_class = 0;
  int machine = 0;
};

struct ElfWork {
  std::string named_path;                    // as the loader names it: gives $ORIGIN for a library
  std::string resolved_path;                 // where it is
  std::vector<std::string> inherited_rpath;  // DT_RPATH dirs of its loaders
};

class Builder {
 public:
  Builder(const Root& root, const Rules& rules) : root_(root), rules_(rules), search_(root) {
    for (const auto& w : search_.warnings()) warnings_.push_back(w);
  }

  KeepSet run(const record::Record& record) {
    for (const auto& entry : record.paths) keep_recorded(entry.path, entry.ops, entry.process);
    for (const auto& process : record.processes) {
      if (!process.exe.empty()) keep_recorded(process.exe, record::kExec, {});
    }
    for (auto path : kDefaults)
      keep_if_present(std::string(path), "default", {ReasonKind::kDefaultRule, kDefaultsRule});
    apply_includes();
    close_elf();
    if (touched_tls(record)) {
      for (auto path : kTlsKeep)
        keep_tree_if_present(std::string(path), "tls", {ReasonKind::kDefaultRule, kTlsRule});
      close_elf();
    }
    if (kept_dynamic_elf_)
      keep_if_present("/etc/ld.so.cache", "elf", {ReasonKind::kDefaultRule, kLdCacheRule});
    apply_excludes();
    link_hardlinks();

    KeepSet out;
    out.entries = std::move(entries_);
    for (auto& [path, reason] : skipped_) out.skipped.push_back({path, reason});
    out.warnings = std::move(warnings_);
    return out;
  }

 private:
  std::optional<std::string> skip_reason(const std::string& path, const FileInfo& info) const {
    if (is_under(path, protocol::kSensorDir)) return "the sensor's own directory";
    for (auto dir : kRuntimeFilesystems) {
      if (is_under(path, dir)) return "runtime filesystem " + std::string(dir);
    }
    for (auto file : kEngineBindMounts) {
      if (path == file) return std::string("created by the engine in every container");
    }
    if (info.type == FileType::kSocket) return std::string("socket");
    if (info.type == FileType::kCharDevice || info.type == FileType::kBlockDevice)
      return std::string("device node");
    return std::nullopt;
  }

  void skip(const std::string& path, const std::string& reason) { skipped_.emplace(path, reason); }

  // Adds a reason to a kept entry unless it has one of that kind already: a directory with a
  // thousand kept children says "parent" once, of the first.
  static void note(KeptEntry& entry, KeepReason why) {
    for (const auto& r : entry.reasons) {
      if (r.kind == why.kind) return;
    }
    entry.reasons.push_back(std::move(why));
  }

  // Keeps a resolved entry and its parent directories. Returns false when the entry is skipped.
  // `category` is the entry's KeptEntry::reason, `why` its KeptEntry::reasons.
  bool add(const std::string& path, const FileInfo& info, const std::string& category,
           const KeepReason& why, const std::string& symlink_target = {}) {
    if (path == "/") return true;
    if (auto skipped = skip_reason(path, info)) {
      skip(path, *skipped);
      return false;
    }
    if (auto it = entries_.find(path); it != entries_.end()) {
      note(it->second, why);
      return true;
    }
    entries_[path] = {path, info, symlink_target, {}, category, {why}};
    std::string child = path;
    for (std::string dir = parent_path(path); dir != "/"; child = dir, dir = parent_path(dir)) {
      if (auto it = entries_.find(dir); it != entries_.end()) {
        note(it->second, {ReasonKind::kParent, child});
        break;
      }
      auto dir_info = root_.lstat(dir);
      if (!dir_info) throw std::runtime_error("parent directory vanished: " + dir);
      entries_[dir] = {dir, *dir_info, {}, {}, "parent", {{ReasonKind::kParent, child}}};
    }
    if (info.type == FileType::kRegular) elf_queue_.push_back({path, path, {}});
    return true;
  }

  // The symlinks met on the way to `named`: each kept as on the way to where it led (the entry
  // found, or the name itself when nothing is there).
  void keep_symlinks(const Resolution& r, const std::string& named) {
    const std::string& to = r.status == Resolved::kFound ? r.path : named;
    for (const auto& hop : r.symlinks) {
      if (auto info = root_.lstat(hop.path))
        add(hop.path, *info, "symlink", {ReasonKind::kSymlink, to}, hop.target);
    }
  }

  // Keeps what the resolution of `named` reached; false when it reached nothing kept.
  bool keep_resolution(const Resolution& r, const std::string& named, const std::string& category,
                       const KeepReason& why) {
    keep_symlinks(r, named);
    if (r.status != Resolved::kFound) return false;
    return add(r.path, *r.info, category, why);
  }

  void keep_recorded(const std::string& path, std::uint32_t ops, const std::string& process) {
    Resolution r = resolve(root_, path);
    if (r.status == Resolved::kFound) {
      std::vector<KeepReason> reasons = record_reasons(ops, process);
      auto kept = keep_resolution(r, path, "record", reasons.front()) ? entries_.find(r.path)
                                                                      : entries_.end();
      if (kept != entries_.end()) {  // "/" is kept implied, never listed
        for (std::size_t i = 1; i < reasons.size(); ++i) note(kept->second, reasons[i]);
      }
      return;
    }
    keep_symlinks(r, path);
    const bool wrote = ops & (record::kCreate | record::kWrite | record::kSocket);
    if (r.status == Resolved::kLoop) {
      skip(path, "symlink loop");
    } else if (wrote) {
      skip(path, "created at run time");
      if (r.status == Resolved::kMissing) {
        if (auto info = root_.lstat(r.path))
          add(r.path, *info, "written-into", {ReasonKind::kWrittenDir, process});
      }
    } else {
      skip(path, r.symlinks.empty() ? "not in the image" : "symlink target not in the image");
    }
  }

  void keep_if_present(const std::string& path, const std::string& category,
                       const KeepReason& why) {
    Resolution r = resolve(root_, path);
    if (r.status == Resolved::kFound) keep_resolution(r, path, category, why);
  }

  void keep_subtree(const std::string& dir, const std::string& category, const KeepReason& why,
                    int depth = 0) {
    if (depth > 256) throw std::runtime_error("directory tree too deep at " + dir);
    for (const auto& entry : root_.list(dir)) {
      std::string path = join_path(dir, entry.name);
      if (entry.info.type == FileType::kSymlink) {
        // The link and what it points to (not the target's subtree).
        add(path, entry.info, category, why, root_.readlink(path));
        Resolution r = resolve(root_, path);
        keep_resolution(r, path, category, why);
      } else if (add(path, entry.info, category, why) && entry.info.type == FileType::kDirectory) {
        keep_subtree(path, category, why, depth + 1);
      }
    }
  }

  // Returns whether the path exists.
  bool keep_tree_if_present(const std::string& path, const std::string& category,
                            const KeepReason& why) {
    Resolution r = resolve(root_, path);
    if (r.status != Resolved::kFound) return false;
    if (keep_resolution(r, path, category, why) && r.info->type == FileType::kDirectory) {
      keep_subtree(r.path, category, why);
    }
    return true;
  }

  void keep_program(const std::string& path, const std::string& rule) {
    Resolution r = resolve(root_, path);
    if (r.status != Resolved::kFound || r.info->type != FileType::kRegular) {
      throw RuleError(rule + ": " + path + " is not a file in the image");
    }
    keep_resolution(r, path, "include", {ReasonKind::kInclude, rule + " " + path});
  }

  void apply_includes() {
    for (const auto& rule : rules_.include) {
      if (rule.empty() || rule[0] != '/')
        throw RuleError("--include " + rule + ": not an absolute path");
      std::vector<std::string> paths =
          has_glob_chars(rule) ? expand_glob(root_, rule) : std::vector<std::string>{rule};
      bool any = false;
      const KeepReason why{ReasonKind::kInclude, rule};
      for (const auto& path : paths) any |= keep_tree_if_present(path, "include", why);
      if (!any) warnings_.push_back("--include " + rule + " matches nothing in the image");
    }
    for (const auto& path : rules_.include_bin) {
      if (path.empty() || path[0] != '/')
        throw RuleError("--include-bin " + path + ": not an absolute path");
      keep_program(path, "--include-bin");
    }
    for (const auto& name : rules_.include_exe) {
      if (name.empty() || name.find('/') != std::string::npos) {
        throw RuleError("--include-exe " + name + ": give a program name, not a path");
      }
      bool found = false;
      for (const auto& dir : split_nonempty(rules_.path_env, ':')) {
        if (dir[0] != '/') continue;
        const std::string path = join_path(dir, name);
        Resolution r = resolve(root_, path);
        if (r.status == Resolved::kFound && r.info->type == FileType::kRegular &&
            (r.info->mode & 0111)) {
          keep_resolution(r, path, "include", {ReasonKind::kInclude, "--include-exe " + name});
          found = true;
          break;
        }
      }
      if (!found) {
        throw RuleError("--include-exe " + name + ": not found on the image's PATH " +
                        rules_.path_env);
      }
    }
    if (rules_.include_shell) {
      Resolution r = resolve(root_, "/bin/sh");
      if (r.status != Resolved::kFound || r.info->type != FileType::kRegular) {
        throw RuleError("--include-shell: the image has no /bin/sh");
      }
      keep_resolution(r, "/bin/sh", "include", {ReasonKind::kInclude, "--include-shell"});
    }
  }

  void close_elf() {
    while (!elf_queue_.empty()) {
      ElfWork work = std::move(elf_queue_.front());
      elf_queue_.pop_front();
      if (!elf_done_.insert(work.resolved_path).second) continue;
      std::optional<ElfInfo> info;
      try {
        info = read_elf(root_.open(work.resolved_path).get());
      } catch (const std::exception& e) {
        warnings_.push_back(work.resolved_path + ": " + e.what());
        continue;
      }
      if (!info || (info->type != ET_EXEC && info->type != ET_DYN)) continue;
      if (is_glibc_loader(info->soname)) glibc_loaders_.insert(work.resolved_path);
      if (!info->soname.empty() && opened_by_app(work.resolved_path)) {
        loaded_by_soname_[info->soname].push_back(
            {work.resolved_path, info->elf_class, info->machine});
      }
      close_one(work, *info);
    }
    settle_unfound_needs();
  }

  // Whether the record says the app opened or executed the kept file at `path` (not only looked
  // at it): for an ELF, that a process of the app loaded it.
  bool opened_by_app(const std::string& path) const {
    auto it = entries_.find(path);
    if (it == entries_.end()) return false;
    for (const auto& r : it->second.reasons) {
      if (r.kind == ReasonKind::kRead || r.kind == ReasonKind::kExecuted) return true;
    }
    return false;
  }

  // A DT_NEEDED name that no search finds can still be satisfied, as glibc's ld.so satisfies every
  // name before it searches (elf/dl-load.c, _dl_map_object): by an object already loaded in the
  // process whose DT_SONAME is that name (_dl_name_match_p also matches the name an object was
  // loaded under, which the searches here already find). The JVM relies on it: its launcher
  // dlopen()s lib/server/libjvm.so by full path, then the "libjvm.so" of libjava.so and the others,
  // which no RUNPATH of theirs reaches, is that object. The rule holds here only as far as the
  // record shows it:
  // - both objects were loaded by the app (opened in the record): the one with the soname and the
  //   one that needs it. So both were in a process of the app, and the app's run resolved that
  //   name; the slim image keeps both files where they were, so it resolves the same way. (The
  //   record names one process per path, the first, so "the same process" is not checked beyond
  //   the same ELF class and machine.) A program kept by a rule, which the app never ran, keeps
  //   its warning.
  // - every ELF interpreter met is glibc's ld.so: musl's matches a loaded library only by the
  //   name a search found it under, never by DT_SONAME, so libjvm.so opened by path satisfies
  //   nothing there.
  // - only where no search finds the name: where one does, that file is kept as always, as the
  //   record cannot say which of the two the process had loaded first.
  // The need is then noted on the object (elf_library of the requester), so the report says who
  // needs it; a name nothing satisfies stays a warning.
  void settle_unfound_needs() {
    bool glibc = !interpreters_.empty();
    for (const auto& path : interpreters_) glibc = glibc && glibc_loaders_.count(path) != 0;
    for (const auto& need : unfound_) {
      const LoadedObject* by_soname = nullptr;
      if (glibc && opened_by_app(need.requester)) {
        if (auto it = loaded_by_soname_.find(need.name); it != loaded_by_soname_.end()) {
          for (const auto& object : it->second) {
            if (object.elf_class == need.elf_class && object.machine == need.machine) {
              by_soname = &object;
              break;
            }
          }
        }
      }
      if (by_soname == nullptr) {
        warnings_.push_back(need.name + " needed by " + need.requester + " is not in the image");
        continue;
      }
      note(entries_.at(by_soname->path), {ReasonKind::kElfLibrary, need.requester});
    }
    unfound_.clear();
  }

  void close_one(const ElfWork& work, const ElfInfo& info) {
    if (!info.interpreter.empty()) {
      kept_dynamic_elf_ = true;
      Resolution r = resolve(root_, info.interpreter);
      if (keep_resolution(r, info.interpreter, "elf",
                          {ReasonKind::kElfInterpreter, work.resolved_path})) {
        interpreters_.insert(r.path);
      } else {
        warnings_.push_back("interpreter " + info.interpreter + " of " + work.resolved_path +
                            " is not in the image");
      }
    }
    // $ORIGIN: the executable's real directory (the kernel's /proc/self/exe); for a library, the
    // directory the loader found it in.
    const std::string origin =
        parent_path(info.interpreter.empty() ? work.named_path : work.resolved_path);
    std::vector<std::string> own_rpath;
    for (const auto& dir : info.rpath) own_rpath.push_back(expand_origin(dir, origin));
    std::vector<std::string> runpath;
    for (const auto& dir : info.runpath) runpath.push_back(expand_origin(dir, origin));
    // ld.so ignores every DT_RPATH (its own and its loaders') for an object with DT_RUNPATH.
    std::vector<std::string> rpath;
    if (info.runpath.empty()) {
      rpath = own_rpath;
      rpath.insert(rpath.end(), work.inherited_rpath.begin(), work.inherited_rpath.end());
    }
    std::vector<std::string> child_rpath = info.runpath.empty() ? rpath : work.inherited_rpath;

    for (const auto& name : info.needed) {
      auto found = search_.find(name, info, rpath, runpath);
      if (found.empty()) {
        unfound_.push_back({name, work.resolved_path, info.elf_class, info.machine});
        continue;
      }
      for (const auto& lib : found) {
        elf_queue_.push_back({lib.path, lib.resolution.path, child_rpath});
        keep_resolution(lib.resolution, lib.path, "elf",
                        {ReasonKind::kElfLibrary, work.resolved_path});
      }
    }
  }

  bool touched_tls(const record::Record& record) const {
    for (const auto& [path, entry] : entries_) {
      const std::string name = base_name(path);
      for (auto lib : kTlsLibraries) {
        if (name.rfind(lib, 0) == 0) return true;
      }
    }
    for (const auto& entry : record.paths) {
      for (auto dir : kTlsDirs) {
        if (is_under(entry.path, dir)) return true;
      }
    }
    return false;
  }

  void apply_excludes() {
    if (rules_.exclude.empty()) return;
    for (auto it = entries_.begin(); it != entries_.end();) {
      const std::string* rule = nullptr;
      for (const auto& r : rules_.exclude) {
        if (glob_covers(r, it->first)) {
          rule = &r;
          break;
        }
      }
      if (rule == nullptr) {
        ++it;
        continue;
      }
      skip(it->first, "excluded by --exclude " + *rule);
      const std::string& why = it->second.reason;
      // What the app reached (directly, through a symlink, or by loading it) is worth a
      // warning; parents and defaults are not: their loss shows up through their children.
      if (why == "record" || why == "symlink" || why == "written-into") {
        warnings_.push_back("--exclude " + *rule + " removes " + it->first +
                            ", which the app used");
      } else if (why == "elf") {
        warnings_.push_back("--exclude " + *rule + " removes " + it->first +
                            ", which a kept program loads");
      }
      it = entries_.erase(it);
    }
  }

  void link_hardlinks() {
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> first_name;
    for (auto& [path, entry] : entries_) {  // sorted: the first name in order holds the bytes
      if (entry.info.type != FileType::kRegular || entry.info.nlink < 2) continue;
      auto [it, inserted] =
          first_name.emplace(std::make_pair(entry.info.dev, entry.info.ino), path);
      if (!inserted) entry.hardlink_to = it->second;
    }
  }

  const Root& root_;
  const Rules& rules_;
  LibrarySearch search_;
  std::map<std::string, KeptEntry> entries_;
  std::map<std::string, std::string> skipped_;
  std::vector<std::string> warnings_;
  std::deque<ElfWork> elf_queue_;
  std::set<std::string> elf_done_;
  bool kept_dynamic_elf_ = false;
  // For settle_unfound_needs: the interpreters kept (resolved), the kept files that are glibc's
  // ld.so, the objects the app loaded by DT_SONAME, the needs no search found.
  std::set<std::string> interpreters_;
  std::set<std::string> glibc_loaders_;
  std::map<std::string, std::vector<LoadedObject>> loaded_by_soname_;
  std::vector<UnfoundNeed> unfound_;
};

}  // namespace

KeepSet close_keep_set(const Root& root, const record::Record& record, const Rules& rules) {
  const CachedRoot cached(root);
  return Builder(cached, rules).run(record);
}

}  // namespace minify::analysis
