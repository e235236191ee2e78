#include "xray/fat_findings.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "image/entry_path.h"

namespace minify::xray {

using image::base_name;
using image::FileType;
using image::Image;
using image::MergedEntry;
using image::MergedView;
using image::parent_path;
using image::WastedFile;

namespace {

using Group = std::optional<std::string>;

// The prefix `path` lives under, if any of `prefixes`.
Group under(std::string_view path, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/') {
      return std::string(prefix);
    }
  }
  return std::nullopt;
}

// `path` cut after its first part named one of `names` ("app/.git/objects/x" -> "app/.git").
Group component(std::string_view path, std::initializer_list<std::string_view> names) {
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    for (std::string_view name : names) {
      if (part == name) return std::string(path.substr(0, end));
    }
    start = end + 1;
  }
  return std::nullopt;
}

bool has_extension(std::string_view path, std::initializer_list<std::string_view> extensions) {
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](std::string_view ext) { return path.ends_with(ext); });
}

bool in_bin_dir(std::string_view path) {
  std::string_view dir = parent_path(path);
  return dir == "usr/bin" || dir == "bin" || dir == "usr/local/bin";
}

// Compiler drivers and binutils by name: gcc, g++-12, x86_64-linux-gnu-ld.bfd, clang-14, ...
bool is_toolchain_binary(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kExact = {
      "cc", "c++", "gcc", "g++", "cpp", "ld", "as", "clang", "clang++", "lto-dump"};
  if (std::find(kExact.begin(), kExact.end(), name) != kExact.end()) return true;
  for (std::string_view prefix : {"gcc-", "g++-", "cpp-", "clang-", "x86_64-linux-gnu-", "ld."}) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

bool is_toolchain_library(std::string_view name) {
  for (std::string_view prefix : {"libasan.", "libtsan.", "liblsan.", "libubsan.", "libhwasan.",
                                  "libbfd", "libopcodes", "libctf", "libgprofng", "libLLVM"}) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

bool is_copy_layer(const Image& image, std::uint32_t layer) {
  std::string instruction = instruction_of(image.layers[layer].created_by);
  return instruction.starts_with("COPY ") || instruction.starts_with("ADD ");
}

// The contents a layer captured for a file of the final filesystem, or nullptr.
const std::string* visible_contents(const Image& image, const MergedView& view,
                                    const std::string& path) {
  auto entry = view.entries.find(path);
  if (entry == view.entries.end() || entry->second.info.type != FileType::kRegular) return nullptr;
  const auto& captured = image.layers[entry->second.layer].index->captured;
  auto it = captured.find(path);
  return it == captured.end() ? nullptr : &it->second;
}

struct Package {
  std::string name;
  std::uint64_t bytes = 0;
};

// The packages dpkg's status says are installed, with their Installed-Size.
std::vector<Package> installed_packages(const Image& image, const MergedView& view) {
  std::vector<Package> packages;
  const std::string* status = visible_contents(image, view, "var/lib/dpkg/status");
  if (status == nullptr) return packages;
  std::istringstream in(*status);
  std::string line;
  Package current;
  bool installed = false;
  auto flush = [&] {
    if (installed && !current.name.empty()) packages.push_back(current);
    current = {};
    installed = false;
  };
  while (std::getline(in, line)) {
    if (line.empty()) {
      flush();
    } else if (line.starts_with("Package: ")) {
      current.name = line.substr(9);
    } else if (line.starts_with("Status: ")) {
      installed = line.ends_with(" installed");
    } else if (line.starts_with("Installed-Size: ")) {
      current.bytes = std::strtoull(line.c_str() + 16, nullptr, 10) * 1024;
    }
  }
  flush();
  return packages;
}

bool is_build_package(std::string_view name) {
  if (name.ends_with("-dev") || name == "build-essential" || name == "make" || name == "binutils" ||
      name == "clang" || name == "gcc" || name == "g++" || name == "cpp") {
    return true;
  }
  for (std::string_view prefix : {"gcc-", "g++-", "cpp-", "binutils-", "clang-", "llvm-"}) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

std::string human_bytes(std::uint64_t bytes) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(bytes) / 1e6 << " MB";
  return out.str();
}

struct Rule {
  const char* id;
  const char* title;
  const char* technique;
  std::function<Group(const std::string& path, const MergedEntry& entry)> match;
};

bool has_package_manager(const MergedView& view) {
  for (const char* path : {"usr/bin/dpkg", "sbin/apk", "usr/bin/rpm", "usr/bin/apt-get",
                           "usr/bin/dnf", "usr/bin/yum", "usr/bin/microdnf"}) {
    if (view.entries.contains(path)) return true;
  }
  return false;
}

std::vector<Rule> rules(const Image& image, const MergedView& view) {
  bool package_manager = has_package_manager(view);
  return {
      {"apt-cache", "apt package lists and archives",
       "rm -rf /var/lib/apt/lists/* in the same RUN as apt-get install (or apt-get clean; or a "
       "RUN --mount=type=cache)",
       [](const std::string& p, const MergedEntry&) {
         return under(p, {"var/lib/apt/lists", "var/cache/apt"});
       }},
      {"pip-cache", "pip's download cache",
       "pip install --no-cache-dir (or ENV PIP_NO_CACHE_DIR=1)",
       [](const std::string& p, const MergedEntry&) {
         Group g = component(p, {".cache"});
         return g && p.compare(g->size(), 5, "/pip/") == 0 ? Group(*g + "/pip") : std::nullopt;
       }},
      {"npm-cache", "npm and yarn caches",
       "npm ci && npm cache clean --force in the same RUN (or yarn cache clean; or a cache mount)",
       [](const std::string& p, const MergedEntry&) {
         if (Group g = component(p, {".npm"})) return g;
         Group g = component(p, {".cache"});
         return g && p.compare(g->size(), 6, "/yarn/") == 0 ? Group(*g + "/yarn") : std::nullopt;
       }},
      {"pycache", "Python bytecode caches (__pycache__, *.pyc)",
       "ENV PYTHONDONTWRITEBYTECODE=1 and pip install --no-compile, or delete them in the same RUN",
       [](const std::string& p, const MergedEntry&) -> Group {
         if (Group g = component(p, {"__pycache__"}))
           return std::string(parent_path(*g)) + "/__pycache__";
         if (p.ends_with(".pyc")) return std::string(parent_path(p)) + "/*.pyc";
         return std::nullopt;
       }},
      {"dockerignore", "files a .dockerignore would keep out (.git, node_modules, tests)",
       "list them in .dockerignore: COPY . copies the whole build context",
       [&image](const std::string& p, const MergedEntry& e) -> Group {
         if (Group g = component(p, {".git"})) return g;
         if (!is_copy_layer(image, e.layer)) return std::nullopt;
         return component(p, {"node_modules", "test", "tests", "__tests__", "spec"});
       }},
      {"toolchain", "compilers, headers and static libraries in a runtime image",
       "multi-stage build: compile in a builder stage, COPY only the results into a runtime stage",
       [](const std::string& p, const MergedEntry&) -> Group {
         if (Group g = under(p, {"usr/lib/gcc", "usr/libexec/gcc", "usr/include",
                                 "usr/local/include", "usr/lib/gcc-cross"})) {
           return g;
         }
         std::string_view name = base_name(p);
         if (in_bin_dir(p) && is_toolchain_binary(name)) return p;
         if (is_toolchain_library(name)) return p;
         if (has_extension(p, {".h", ".hpp", ".hh", ".hxx", ".a"})) {
           return std::string(parent_path(p));
         }
         return std::nullopt;
       }},
      {"docs", "documentation and man pages",
       "dpkg path-exclude rules for /usr/share/doc, man and info (as slim bases do), or a "
       "slim/distroless base",
       [](const std::string& p, const MergedEntry&) {
         return under(p, {"usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/gtk-doc",
                          "usr/local/share/doc", "usr/local/share/man"});
       }},
      {"locales", "translations and locale data",
       "dpkg path-exclude for /usr/share/locale (keep what the app needs), or a slim base",
       [](const std::string& p, const MergedEntry&) {
         return under(p, {"usr/share/locale", "usr/share/i18n", "usr/lib/locale"});
       }},
      {"distro-base", "a full distro base",
       "FROM a slim or distroless base, or `minify build` to keep only what the app uses",
       [package_manager](const std::string& p, const MergedEntry& e) -> Group {
         if (!package_manager || e.layer != 0) return std::nullopt;
         std::size_t first = p.find('/');
         std::size_t second = first == std::string::npos ? first : p.find('/', first + 1);
         return second == std::string::npos ? std::string(parent_path(p)) : p.substr(0, second);
       }},
  };
}

struct Tally {
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
};

std::vector<SizedPath> largest_groups(const std::unordered_map<std::string, Tally>& groups,
                                      std::size_t top) {
  std::vector<SizedPath> out;
  for (const auto& [group, tally] : groups) {
    if (tally.bytes == 0) continue;  // an empty lock file is no place to look
    out.push_back({"/" + group, tally.bytes, tally.files});
  }
  std::sort(out.begin(), out.end(), [](const SizedPath& a, const SizedPath& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.path < b.path;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace

std::string distro_name(const Image& image, const MergedView& view) {
  for (const char* path : {"etc/os-release", "usr/lib/os-release"}) {
    const std::string* contents = visible_contents(image, view, path);
    if (contents == nullptr) continue;
    std::istringstream in(*contents);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.starts_with("PRETTY_NAME=")) continue;
      std::string value = line.substr(12);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return "";
}

std::vector<Finding> find_fat(const Image& image, const MergedView& view, std::size_t top) {
  std::vector<Rule> all_rules = rules(image, view);
  std::vector<Finding> findings(all_rules.size());
  std::vector<std::unordered_map<std::string, Tally>> groups(all_rules.size());
  for (const auto& [path, entry] : view.entries) {
    if (entry.info.type != FileType::kRegular) continue;
    for (std::size_t i = 0; i < all_rules.size(); ++i) {
      Group group = all_rules[i].match(path, entry);
      if (!group) continue;
      findings[i].bytes += entry.info.size;
      findings[i].files += 1;
      Tally& tally = groups[i][*group];
      tally.bytes += entry.info.size;
      tally.files += 1;
      break;
    }
  }
  std::vector<Package> packages = installed_packages(image, view);
  for (std::size_t i = 0; i < all_rules.size(); ++i) {
    findings[i].id = all_rules[i].id;
    findings[i].title = all_rules[i].title;
    findings[i].technique = all_rules[i].technique;
    findings[i].examples = largest_groups(groups[i], top);
    if (findings[i].id == "toolchain") {
      std::vector<Package> build;
      std::copy_if(packages.begin(), packages.end(), std::back_inserter(build),
                   [](const Package& p) { return is_build_package(p.name); });
      std::sort(build.begin(), build.end(),
                [](const Package& a, const Package& b) { return a.bytes > b.bytes; });
      for (std::size_t k = 0; k < build.size() && k < top; ++k) {
        findings[i].evidence.push_back(build[k].name + " (" + human_bytes(build[k].bytes) + ")");
      }
    }
    if (findings[i].id == "distro-base") {
      std::string distro = distro_name(image, view);
      if (!distro.empty()) findings[i].title += " (" + distro + ")";
      if (!packages.empty()) {
        findings[i].evidence.push_back(std::to_string(packages.size()) + " packages installed");
      }
    }
  }

  Finding wasted{"wasted",
                 "bytes shipped in a layer, then replaced or deleted by a later one",
                 view.wasted_bytes,
                 view.wasted.size(),
                 "delete files in the same RUN that creates them, or build in one stage and COPY "
                 "the result into the next (multi-stage)",
                 {},
                 {}};
  for (std::size_t k = 0; k < view.wasted.size() && k < top; ++k) {
    const WastedFile& w = view.wasted[k];
    wasted.examples.push_back({"/" + w.path, w.bytes, 1, w.layer, w.removed_in_layer});
  }
  findings.push_back(std::move(wasted));

  std::erase_if(findings, [](const Finding& f) { return f.bytes == 0; });
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.bytes > b.bytes; });
  return findings;
}

}  // namespace minify::xray
