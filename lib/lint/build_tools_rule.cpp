// DF004 build-tools-in-final-stage: compilers, -dev packages and language toolchains in a stage
// whose layers ship.

#include <algorithm>
#include <array>
#include <string>

#include "lint/ascii_text.h"
#include "lint/image_sizes.h"
#include "lint/package_command.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

constexpr std::uint64_t kMB = 1000 * 1000;

constexpr std::array<std::string_view, 22> kBuildPackages = {
    "build-essential", "gcc",      "g++",         "clang",        "make",    "cmake",
    "autoconf",        "automake", "libtool",     "pkg-config",   "pkgconf", "cargo",
    "rustc",           "golang",   "golang-go",   "maven",        "gradle",  "alpine-sdk",
    "build-base",      "gcc-c++",  "ninja-build", "linux-headers"};

bool is_build_package(std::string_view p) {
  if (std::find(kBuildPackages.begin(), kBuildPackages.end(), p) != kBuildPackages.end())
    return true;
  return p.ends_with("-dev") || p.ends_with("-devel") || p.starts_with("gcc-") ||
         p.starts_with("g++-") || p.starts_with("clang-") || p.starts_with("llvm");
}

// Language toolchain images: whoever ships one ships its compiler.
bool toolchain_image(const ImageReference& image) {
  if (image.registry == "mcr.microsoft.com") return image.repository == "dotnet/sdk";
  if (!image.registry.empty()) return false;
  const std::string& r = image.repository;
  if (r == "golang" || r == "rust" || r == "gcc" || r == "maven" || r == "gradle" ||
      r == "buildpack-deps")
    return true;
  return (r == "eclipse-temurin" || r == "openjdk" || r == "amazoncorretto") &&
         image.tag.find("jre") == std::string::npos;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < 5; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 5) out += ", ...";
  return out;
}

}  // namespace

void check_build_tools(LintContext& ctx) {
  const auto& chain = ctx.shipped_chain();
  const auto& stages = ctx.file().stages;
  bool multi_stage = stages.size() > 1;
  std::string fix = multi_stage ? "install and use them in a build stage; COPY --from= only the "
                                  "artifacts into the final stage"
                                : "build in a separate stage (FROM ... AS build) and COPY "
                                  "--from=build only the artifacts into a slim final stage";

  const StageFacts& root = ctx.facts(chain.front());
  if (toolchain_image(root.image)) {
    std::optional<ByteEstimate> bytes;
    if (auto size = approximate_image_size(root.image))
      bytes = ByteEstimate{size->megabytes * kMB / 2, size->megabytes * kMB,
                           "up to the toolchain image itself, " + std::string(size->label) + " ~" +
                               std::to_string(size->megabytes) +
                               " MB uncompressed, depending on what the app needs at run time"};
    ctx.report("DF004", stages[static_cast<size_t>(chain.front())].instructions.front(),
               "the shipped stage is built on " + root.base + ", a compiler toolchain image", fix,
               bytes);
  }

  for (int s : chain) {
    for (const auto& ins : stages[static_cast<size_t>(s)].instructions) {
      if (ins.keyword != "RUN") continue;
      std::vector<std::string> installed;
      bool removed = false;
      for (const auto& c : LintContext::run_commands(ins)) {
        PackageCommand pc = package_command(program_words(c));
        if (pc.action == "remove") removed = true;
        if (pc.action != "install") continue;
        for (const auto& p : pc.packages)
          if (is_build_package(p)) installed.push_back(p);
      }
      // Installed and removed in the same RUN (apk add --virtual .build-deps ... && apk del):
      // nothing stays in the layer.
      if (installed.empty() || removed) continue;
      std::optional<ByteEstimate> bytes;
      if (std::find(installed.begin(), installed.end(), "build-essential") != installed.end())
        bytes = ByteEstimate{180 * kMB, 260 * kMB,
                             "Debian 12's build-essential with its dependencies (gcc-12, g++-12, "
                             "binutils, libc6-dev, dpkg-dev) as installed"};
      ctx.report("DF004", ins, "installs build tools in the shipped stage: " + list(installed), fix,
                 bytes);
    }
  }
}

}  // namespace minify::lint
