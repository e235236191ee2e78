#pragma once
// What every rule sees: the parsed Dockerfile, the .dockerignore beside it (if any), the facts
// about stages that several rules need, computed once; and where findings go.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/dockerfile.h"
#include "lint/finding.h"
#include "lint/image_reference.h"
#include "lint/shell_command.h"
#include "lint/variable_expansion.h"

namespace minify::lint {

// An instruction and where it sits.
struct InstructionAt {
  int stage = 0;
  size_t index = 0;  // in the stage's instructions (0 is its FROM)
  const Instruction* instruction = nullptr;
};

struct StageFacts {
  std::string base;        // FROM's image, global ARGs expanded
  bool base_known = true;  // false when it uses an ARG that has no value (given at build time)
  ImageReference image;
  int parent = -1;       // the stage this one is built FROM, or -1 when it starts from an image
  bool shipped = false;  // the final stage or one it is built FROM: its layers are in the image
};

class LintContext {
 public:
  LintContext(const Dockerfile& file, std::optional<std::string_view> dockerignore);

  const Dockerfile& file() const { return file_; }
  const std::optional<std::string>& dockerignore() const { return dockerignore_; }
  const StageFacts& facts(int stage) const { return facts_[static_cast<size_t>(stage)]; }
  const Stage& final_stage() const { return file_.stages.back(); }
  // The stages whose layers ship, from the one that starts from an image to the final stage.
  const std::vector<int>& shipped_chain() const { return chain_; }
  // The instructions with this keyword in the shipped stages, in build order.
  std::vector<InstructionAt> shipped(std::string_view keyword) const;
  // The same in every stage.
  std::vector<InstructionAt> all(std::string_view keyword) const;
  // A COPY --from= / FROM reference to a stage (by name or index), or -1 for an image.
  int stage_index(std::string_view reference) const;

  // ARG and ENV values in effect at instruction `index` of `stage` (ENV inherited from a parent
  // stage, global ARGs the stage re-declares). The reference is valid until the next call: it is
  // the context's cursor, not a copy, so that asking for each instruction in build order costs
  // time linear in the Dockerfile, however many variables are set.
  const Variables& variables_before(int stage, size_t index) const;
  // How many instructions variables_before() has stepped through so far: rules ask in build
  // order, so this stays a small multiple of the Dockerfile's instructions however its stages
  // chain (the complexity tests hold it to that, without a clock).
  size_t variable_steps() const { return cursor_.steps; }
  std::string expand(int stage, size_t index, std::string_view word) const;

  // The commands a RUN runs: its shell form, an exec form (through `sh -c` or not), heredoc
  // scripts, and the scripts of `sh -c` inside them.
  static std::vector<ShellCommand> run_commands(const Instruction& run);
  // The script text of a RUN as a shell sees it (shell form and heredoc scripts), for the rare
  // rule that looks at text rather than commands.
  static std::string run_script(const Instruction& run);

  Finding& report(std::string_view rule_id, const Instruction& at, std::string message,
                  std::string fix, std::optional<ByteEstimate> bytes = std::nullopt);
  std::vector<Finding> take_findings() { return std::move(findings_); }

 private:
  struct VariableState {
    Variables vars;  // ARG and ENV values, ENV winning
    std::set<std::string, std::less<>> env_names;
    std::vector<std::string> arg_names;  // names an ARG of the current stage set
  };
  void apply_variables(const Instruction& ins, VariableState& state) const;
  VariableState stage_start(int stage) const;
  // From the end of a stage to the start of a child stage: only ENV values carry over.
  static void keep_env_only(VariableState& state);

  const Dockerfile& file_;
  std::optional<std::string> dockerignore_;
  Variables global_args_;
  std::vector<StageFacts> facts_;
  std::vector<int> chain_;
  std::map<std::string, int, std::less<>> first_named_;  // stage index by name
  std::vector<Finding> findings_;
  // The last variables_before answer, resumed by the next call (not part of the context's value).
  mutable struct {
    int stage = -1;
    size_t index = 0;
    VariableState state;
    size_t steps = 0;
  } cursor_;
};

// Helpers the rules share.

// Whether `words` (program_words of a command) contains `word` exactly.
bool has_word(const std::vector<std::string>& words, std::string_view word);
// The first argument after the program that is not an option ("install" in `apt-get -y
// install x`), skipping the values of the options listed in `options_with_value`.
std::string subcommand(const std::vector<std::string>& words,
                       std::initializer_list<std::string_view> options_with_value = {});
// Whether the RUN has `--mount=type=cache` with a target at or under one of `dirs`.
bool has_cache_mount(const Instruction& run, std::initializer_list<std::string_view> dirs);
bool is_shell_program(std::string_view program);
// Whether one of the commands is `rm` of `dir`, of its contents or of a parent of it
// (`rm -rf /var/lib/apt/lists/*` removes /var/lib/apt/lists). `~` is /root.
bool removes(const std::vector<ShellCommand>& commands, std::string_view dir);
// `path` is `dir` or lies under it.
bool path_within(std::string_view path, std::string_view dir);

}  // namespace minify::lint
