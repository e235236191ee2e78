#pragma once
// Finding a DT_NEEDED library in the image the way its dynamic loader would: DT_RPATH (of the
// object and its loaders, when the object has no DT_RUNPATH), DT_RUNPATH, the image's
// /etc/ld.so.cache, the directories of its /etc/ld.so.conf (with "include" files: a fallback
// for a stale cache), then the default directories. $ORIGIN is substituted; candidates of
// another ELF class or machine are skipped, as ld.so skips them.

#include <string>
#include <vector>

#include "analysis/elf_reader.h"
#include "analysis/ld_cache.h"
#include "analysis/path_resolver.h"
#include "analysis/root.h"

namespace minify::analysis {

// One place a library was found.
struct FoundLibrary {
  std::string path;       // as the loader names it (directory + name, or the cache's path)
  Resolution resolution;  // resolved inside the root, with the symlinks met
};

class LibrarySearch {
 public:
  // Reads the image's /etc/ld.so.cache and /etc/ld.so.conf once; problems become warnings.
  explicit LibrarySearch(const Root& root);

  // Where `name` is found for `requester`. rpath/runpath are directory lists with $ORIGIN
  // already substituted. Usually one result; a cache lookup returns every compatible cache
  // entry of that name (the glibc-hwcaps variants too, as the CPU that runs the slim image
  // picks among them). Empty when not found.
  std::vector<FoundLibrary> find(const std::string& name, const ElfInfo& requester,
                                 const std::vector<std::string>& rpath,
                                 const std::vector<std::string>& runpath) const;

  const std::vector<std::string>& conf_dirs() const { return conf_dirs_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::vector<FoundLibrary> find_in_dirs(const std::string& name, const ElfInfo& requester,
                                         const std::vector<std::string>& dirs) const;
  bool compatible(const std::string& resolved_path, const ElfInfo& requester) const;
  void read_conf(const std::string& path, int depth);

  const Root& root_;
  std::vector<LdCacheEntry> cache_;
  std::vector<std::string> conf_dirs_;
  std::vector<std::string> warnings_;
};

// Replaces $ORIGIN / ${ORIGIN} in a DT_RPATH/DT_RUNPATH entry by origin_dir.
std::string expand_origin(const std::string& dir, const std::string& origin_dir);

// The default directories for an ELF class/machine, in the loader's order.
std::vector<std::string> default_library_dirs(int elf_class, int machine);

}  // namespace minify::analysis
