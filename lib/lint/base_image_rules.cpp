// DF001 base-image-full, DF002 base-image-unpinned, DF003 static-binary-not-on-scratch.

#include <string>
#include <vector>

#include "lint/image_sizes.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

constexpr std::uint64_t kMB = 1000 * 1000;

std::string mb(std::uint64_t megabytes) {
  return "~" + std::to_string(megabytes) + " MB";
}

// A FROM whose image is known only at build time (an ARG without a default) cannot be judged.
bool unresolved(const StageFacts& f) {
  return !f.base_known || f.base.empty() || f.base.find('$') != std::string::npos;
}

bool minimal_base(const ImageReference& image) {
  return image.is_scratch() || image.repository.find("distroless") != std::string::npos ||
         image.repository.ends_with("/static") || image.repository == "static";
}

// Whether the commands of a RUN build a statically linked binary; names the toolchain.
std::optional<std::string> static_build(const LintContext& ctx, int stage, size_t index,
                                        const Instruction& run) {
  bool cgo_off = false;
  if (const Variables& vars = ctx.variables_before(stage, index); vars.contains("CGO_ENABLED"))
    cgo_off = vars.at("CGO_ENABLED") == "0";
  for (const auto& c : LintContext::run_commands(run)) {
    auto words = program_words(c);
    if (words.empty()) continue;
    if (words[0] == "export" && has_word(words, "CGO_ENABLED=0")) cgo_off = true;
    bool static_flag = false;
    for (const auto& w : words) static_flag = static_flag || w.find("-static") != std::string::npos;
    for (const auto& a : c.assignments) {
      if (a == "CGO_ENABLED=0") cgo_off = true;
      static_flag = static_flag || a.find("-static") != std::string::npos ||
                    a.find("crt-static") != std::string::npos;
    }
    std::string sub = subcommand(words);
    if (words[0] == "go" && (sub == "build" || sub == "install") && (cgo_off || static_flag))
      return "go build with CGO_ENABLED=0";
    if (words[0] == "cargo" && sub == "build") {
      for (const auto& w : words)
        if (w.find("musl") != std::string::npos) return "cargo build for a musl target";
      if (static_flag) return "cargo build with crt-static";
    }
    if ((words[0] == "gcc" || words[0] == "g++" || words[0] == "cc" || words[0] == "c++" ||
         words[0] == "clang" || words[0] == "clang++" || words[0] == "make") &&
        static_flag)
      return words[0] + " -static";
  }
  return std::nullopt;
}

void check_full_base(LintContext& ctx) {
  int root = ctx.shipped_chain().front();
  const StageFacts& f = ctx.facts(root);
  if (unresolved(f)) return;
  auto variant = slim_variant(f.image);
  if (!variant) return;
  std::uint64_t saved = variant->full.megabytes - variant->slim.megabytes;
  ctx.report(
      "DF001", ctx.file().stages[static_cast<size_t>(root)].instructions.front(),
      "the shipped stage starts from " + f.base + ", a full image",
      "use " + std::string(variant->use) +
          ", or build in this image and COPY --from= into the slim one",
      ByteEstimate{saved * kMB * 9 / 10, saved * kMB * 11 / 10,
                   "approximate uncompressed amd64 sizes: " + std::string(variant->full.label) +
                       " " + mb(variant->full.megabytes) + ", " + std::string(variant->slim.label) +
                       " " + mb(variant->slim.megabytes)});
}

void check_unpinned(LintContext& ctx) {
  for (const auto& stage : ctx.file().stages) {
    const StageFacts& f = ctx.facts(stage.index);
    if (f.parent >= 0 || unresolved(f) || f.image.is_scratch() || !f.image.digest.empty()) continue;
    if (f.image.tag.empty())
      ctx.report("DF002", stage.instructions.front(), f.base + " has no tag, so it means :latest",
                 "pin a version tag, e.g. " + f.base + ":<version>, or a digest");
    else if (f.image.tag == "latest")
      ctx.report("DF002", stage.instructions.front(), f.base + " uses the tag latest",
                 "pin a version tag or a digest instead of latest");
  }
}

void check_static_binary_base(LintContext& ctx) {
  const auto& chain = ctx.shipped_chain();
  const StageFacts& root = ctx.facts(chain.front());
  if (unresolved(root) || minimal_base(root.image)) return;
  const auto& stages = ctx.file().stages;
  std::vector<bool> checked(stages.size(), false);  // each build stage is read once
  for (int s : chain) {
    for (const auto& ins : stages[static_cast<size_t>(s)].instructions) {
      const Flag* from = ins.flag("from");
      if (ins.keyword != "COPY" || !from || !from->value) continue;
      int source = ctx.stage_index(*from->value);
      if (source < 0 || ctx.facts(source).shipped || checked[static_cast<size_t>(source)]) continue;
      checked[static_cast<size_t>(source)] = true;
      const auto& built = stages[static_cast<size_t>(source)].instructions;
      for (size_t i = 0; i < built.size(); ++i) {
        if (built[i].keyword != "RUN") continue;
        auto how = static_build(ctx, source, i, built[i]);
        if (!how) continue;
        std::optional<ByteEstimate> bytes;
        if (auto size = approximate_image_size(root.image))
          bytes = ByteEstimate{size->megabytes * kMB * 9 / 10, size->megabytes * kMB * 11 / 10,
                               "approximate uncompressed size of " + std::string(size->label) +
                                   " (" + mb(size->megabytes) + "), which scratch does not have"};
        ctx.report("DF003", stages[static_cast<size_t>(chain.front())].instructions.front(),
                   "the binary copied at line " + std::to_string(ins.line) + " is static (" + *how +
                       " at line " + std::to_string(built[i].line) + ") but ships on " + root.base,
                   "use FROM scratch (copy CA certificates and tzdata if the app needs them) or "
                   "gcr.io/distroless/static",
                   bytes);
        return;
      }
    }
  }
}

}  // namespace

void check_base_image(LintContext& ctx) {
  check_full_base(ctx);
  check_unpinned(ctx);
  check_static_binary_base(ctx);
}

}  // namespace minify::lint
