#include "analysis/library_search.h"

#include <elf.h>

#include <sstream>

#include "analysis/path_glob.h"

namespace minify::analysis {
namespace {

constexpr int kMaxConfDepth = 8;

std::string multiarch_triplet(int elf_class, int machine) {
  if (machine == EM_X86_64)
    return elf_class == ELFCLASS64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
  if (machine == EM_386) return "i386-linux-gnu";
  if (machine == EM_AARCH64) return "aarch64-linux-gnu";
  if (machine == EM_ARM) return "arm-linux-gnueabihf";
  return {};
}

}  // namespace

std::string expand_origin(const std::string& dir, const std::string& origin_dir) {
  std::string out = dir;
  for (const std::string token : {"${ORIGIN}", "$ORIGIN"}) {
    for (auto pos = out.find(token); pos != std::string::npos; pos = out.find(token, pos)) {
      out.replace(pos, token.size(), origin_dir);
      pos += origin_dir.size();
    }
  }
  return out;
}

std::vector<std::string> default_library_dirs(int elf_class, int machine) {
  std::vector<std::string> dirs;
  std::string triplet = multiarch_triplet(elf_class, machine);
  if (!triplet.empty()) {
    dirs.push_back("/lib/" + triplet);
    dirs.push_back("/usr/lib/" + triplet);
  }
  if (elf_class == ELFCLASS64) {
    dirs.push_back("/lib64");
    dirs.push_back("/usr/lib64");
  }
  // /usr/local/lib is musl's default; glibc images list it in ld.so.conf.
  for (const char* d : {"/lib", "/usr/lib", "/usr/local/lib"}) dirs.push_back(d);
  return dirs;
}

LibrarySearch::LibrarySearch(const Root& root) : root_(root) {
  Resolution cache = resolve(root_, "/etc/ld.so.cache");
  if (cache.status == Resolved::kFound && cache.info->type == FileType::kRegular) {
    try {
      cache_ = parse_ld_cache(read_file(root_, cache.path));
    } catch (const std::exception& e) {
      warnings_.push_back(std::string(e.what()) + " (ignored)");
    }
  }
  read_conf("/etc/ld.so.conf", 0);
}

void LibrarySearch::read_conf(const std::string& path, int depth) {
  if (depth > kMaxConfDepth) {
    warnings_.push_back("ld.so.conf: includes nested too deep at " + path);
    return;
  }
  Resolution conf = resolve(root_, path);
  if (conf.status != Resolved::kFound || conf.info->type != FileType::kRegular) return;
  std::string text;
  try {
    text = read_file(root_, conf.path, 1u << 20);
  } catch (const std::exception& e) {
    warnings_.push_back(e.what());
    return;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string word;
    if (!(words >> word)) continue;
    if (word == "include") {
      while (words >> word) {
        if (word[0] != '/') word = join_path(parent_path(path), word);
        for (const auto& match : expand_glob(root_, word)) read_conf(match, depth + 1);
      }
      continue;
    }
    if (word == "hwcap") continue;  // an obsolete directive ldconfig ignores too
    do {
      // ldconfig also accepts "dir=type" and ':' or ',' separated lists.
      std::string list = word;
      for (char& c : list) {
        if (c == ':' || c == ',') c = ' ';
      }
      std::istringstream dirs(list);
      std::string dir;
      while (dirs >> dir) {
        if (auto eq = dir.find('='); eq != std::string::npos) dir.erase(eq);
        if (!dir.empty() && dir[0] == '/') conf_dirs_.push_back(dir);
      }
    } while (words >> word);
  }
}

bool LibrarySearch::compatible(const std::string& resolved_path, const ElfInfo& requester) const {
  try {
    auto info = read_elf(root_.open(resolved_path).get());
    return info && info->elf_class == requester.elf_class && info->machine == requester.machine;
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<FoundLibrary> LibrarySearch::find_in_dirs(const std::string& name,
                                                      const ElfInfo& requester,
                                                      const std::vector<std::string>& dirs) const {
  for (const auto& dir : dirs) {
    if (dir.empty() || dir[0] != '/') continue;  // a relative entry depends on the cwd: skipped
    std::string candidate = join_path(dir, name);
    Resolution r = resolve(root_, candidate);
    if (r.status == Resolved::kFound && r.info->type == FileType::kRegular &&
        compatible(r.path, requester)) {
      return {{candidate, std::move(r)}};
    }
  }
  return {};
}

std::vector<FoundLibrary> LibrarySearch::find(const std::string& name, const ElfInfo& requester,
                                              const std::vector<std::string>& rpath,
                                              const std::vector<std::string>& runpath) const {
  if (name.find('/') != std::string::npos) {
    // A DT_NEEDED with a slash is a path, used as is.
    Resolution r = resolve(root_, name);
    if (r.status == Resolved::kFound && r.info->type == FileType::kRegular) return {{name, r}};
    return {};
  }
  if (auto found = find_in_dirs(name, requester, rpath); !found.empty()) return found;
  if (auto found = find_in_dirs(name, requester, runpath); !found.empty()) return found;

  const std::int32_t flags = ld_cache_flags_for(requester.elf_class, requester.machine);
  std::vector<FoundLibrary> from_cache;
  for (const auto& entry : cache_) {
    if (entry.name != name || entry.flags != flags) continue;
    Resolution r = resolve(root_, entry.path);
    if (r.status == Resolved::kFound && r.info->type == FileType::kRegular) {
      from_cache.push_back({entry.path, std::move(r)});
    }
  }
  if (!from_cache.empty()) return from_cache;

  if (auto found = find_in_dirs(name, requester, conf_dirs_); !found.empty()) return found;
  return find_in_dirs(name, requester,
                      default_library_dirs(requester.elf_class, requester.machine));
}

}  // namespace minify::analysis
