#include "lint/lint_context.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "lint/ascii_text.h"
#include "lint/rule_catalog.h"

namespace minify::lint {
namespace {

void add_commands(std::vector<ShellCommand>& out, std::vector<ShellCommand> commands, int depth) {
  for (auto& c : commands) {
    // `sh -c 'script'` inside a script: its commands are run too.
    auto words = program_words(c);
    std::optional<std::string> nested;
    if (depth < 2 && !words.empty() && is_shell_program(words[0])) {
      auto dash_c = std::find(words.begin(), words.end(), "-c");
      if (dash_c != words.end() && dash_c + 1 != words.end()) nested = *(dash_c + 1);
    }
    out.push_back(std::move(c));
    if (nested) add_commands(out, split_shell_commands(*nested), depth + 1);
  }
}

// Whether the command line of a RUN (its commands, split) runs its heredocs as the script
// (`RUN <<EOF`, `RUN bash <<EOF`) rather than feeding them to another program (`RUN python3
// <<EOF`). Computed once per RUN: a RUN may carry as many heredocs as its line has room for.
bool line_runs_script(const std::vector<ShellCommand>& line_commands) {
  if (line_commands.empty()) return true;
  auto words = program_words(line_commands.front());
  return words.empty() || is_shell_program(words[0]);
}

// Whether a heredoc is the script itself: its shebang says so, or else its command line does.
bool heredoc_is_script(const Heredoc& doc, bool line_runs_script) {
  if (doc.body.starts_with("#!")) {
    std::string_view shebang = std::string_view(doc.body).substr(0, doc.body.find('\n'));
    return shebang.ends_with("sh") || shebang.find("sh ") != std::string_view::npos;
  }
  return line_runs_script;
}

}  // namespace

bool path_within(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.ends_with('/')) dir.remove_suffix(1);
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  if (dir.empty()) return false;
  return path == dir || (path.starts_with(dir) && (dir == "/" || path[dir.size()] == '/'));
}

bool removes(const std::vector<ShellCommand>& commands, std::string_view dir) {
  for (const auto& c : commands) {
    auto words = program_words(c);
    if (words.empty() || words[0] != "rm") continue;
    for (size_t i = 1; i < words.size(); ++i) {
      std::string target = words[i];
      if (target.starts_with('-')) continue;
      if (target.starts_with("~")) target = "/root" + target.substr(1);
      while (target.ends_with("/*") || target.ends_with("/"))
        target.resize(target.size() - (target.ends_with('*') ? 2 : 1));
      if (!target.empty() && path_within(dir, target)) return true;
    }
  }
  return false;
}

bool is_shell_program(std::string_view program) {
  return program == "sh" || program == "bash" || program == "dash" || program == "ash" ||
         program == "zsh" || program == "ksh";
}

bool has_word(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string subcommand(const std::vector<std::string>& words,
                       std::initializer_list<std::string_view> options_with_value) {
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.starts_with('-')) {
      if (std::find(options_with_value.begin(), options_with_value.end(), w) !=
          options_with_value.end())
        ++i;
      continue;
    }
    return w;
  }
  return {};
}

bool has_cache_mount(const Instruction& run, std::initializer_list<std::string_view> dirs) {
  for (const auto& f : run.flags) {
    if (f.name != "mount" || !f.value) continue;
    std::string_view spec = *f.value;
    bool cache = false;
    std::string_view target;
    while (!spec.empty()) {
      size_t comma = spec.find(',');
      std::string_view kv = spec.substr(0, comma);
      spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
      size_t eq = kv.find('=');
      std::string_view key = kv.substr(0, eq);
      std::string_view value =
          eq == std::string_view::npos ? std::string_view{} : kv.substr(eq + 1);
      if (key == "type" && value == "cache") cache = true;
      if (key == "target" || key == "dst" || key == "destination") target = value;
    }
    if (!cache || target.empty()) continue;
    for (auto dir : dirs)
      if (path_within(dir, target) || path_within(target, dir)) return true;
  }
  return false;
}

LintContext::LintContext(const Dockerfile& file, std::optional<std::string_view> dockerignore)
    : file_(file) {
  if (dockerignore) dockerignore_ = std::string(*dockerignore);
  for (const auto& arg : file.global_args)
    for (const auto& kv : arg.pairs)
      if (kv.value) global_args_[kv.key] = expand_variables(*kv.value, global_args_, file.escape);

  for (const auto& stage : file.stages) {
    StageFacts f;
    std::set<std::string, std::less<>> unset;
    f.base = expand_variables(stage.base, global_args_, file.escape, &unset);
    f.base_known = unset.empty();
    f.image = parse_image_reference(f.base);
    // Only earlier stages are named yet (and names are unique: the parser refuses a second one).
    if (auto it = first_named_.find(to_lower(f.base)); it != first_named_.end())
      f.parent = it->second;
    if (!stage.name.empty()) first_named_.try_emplace(stage.name, stage.index);
    facts_.push_back(std::move(f));
  }
  for (int s = static_cast<int>(file.stages.size()) - 1; s >= 0;
       s = facts_[static_cast<size_t>(s)].parent) {
    chain_.push_back(s);
    facts_[static_cast<size_t>(s)].shipped = true;
  }
  std::reverse(chain_.begin(), chain_.end());
}

std::vector<InstructionAt> LintContext::shipped(std::string_view keyword) const {
  std::vector<InstructionAt> out;
  for (int s : chain_) {
    const auto& instructions = file_.stages[static_cast<size_t>(s)].instructions;
    for (size_t i = 0; i < instructions.size(); ++i)
      if (instructions[i].keyword == keyword) out.push_back({s, i, &instructions[i]});
  }
  return out;
}

std::vector<InstructionAt> LintContext::all(std::string_view keyword) const {
  std::vector<InstructionAt> out;
  for (const auto& stage : file_.stages)
    for (size_t i = 0; i < stage.instructions.size(); ++i)
      if (stage.instructions[i].keyword == keyword)
        out.push_back({stage.index, i, &stage.instructions[i]});
  return out;
}

int LintContext::stage_index(std::string_view reference) const {
  if (auto it = first_named_.find(to_lower(reference)); it != first_named_.end()) return it->second;
  int index = -1;
  auto [end, ec] = std::from_chars(reference.data(), reference.data() + reference.size(), index);
  if (ec == std::errc{} && end == reference.data() + reference.size() && index >= 0 &&
      index < static_cast<int>(file_.stages.size()))
    return index;
  return -1;
}

void LintContext::apply_variables(const Instruction& ins, VariableState& state) const {
  ++cursor_.steps;
  if (ins.keyword != "ARG" && ins.keyword != "ENV") return;
  for (const auto& kv : ins.pairs) {
    if (ins.keyword == "ENV") {
      state.vars[kv.key] = expand_variables(kv.value.value_or(""), state.vars, file_.escape);
      state.env_names.insert(kv.key);
    } else if (state.env_names.contains(kv.key)) {
      continue;  // ENV wins over an ARG of the same name
    } else if (kv.value) {
      state.vars[kv.key] = expand_variables(*kv.value, state.vars, file_.escape);
      state.arg_names.push_back(kv.key);
    } else if (auto it = global_args_.find(kv.key); it != global_args_.end()) {
      state.vars[kv.key] = it->second;
      state.arg_names.push_back(kv.key);
    }
  }
}

void LintContext::keep_env_only(VariableState& state) {
  for (const auto& name : state.arg_names)
    if (!state.env_names.contains(name)) state.vars.erase(name);
  state.arg_names.clear();
}

LintContext::VariableState LintContext::stage_start(int stage) const {
  // Only ENV is inherited from a parent stage; ARG values end with their stage. Iterative: a
  // chain of stages may be as long as the Dockerfile.
  std::vector<int> ancestors;
  for (int s = facts(stage).parent; s >= 0; s = facts(s).parent) ancestors.push_back(s);
  VariableState state;
  for (auto s = ancestors.rbegin(); s != ancestors.rend(); ++s) {
    for (const auto& ins : file_.stages[static_cast<size_t>(*s)].instructions)
      apply_variables(ins, state);
    keep_env_only(state);
  }
  return state;
}

const Variables& LintContext::variables_before(int stage, size_t index) const {
  const auto& instructions = file_.stages[static_cast<size_t>(stage)].instructions;
  index = std::max<size_t>(1, std::min(index, instructions.size()));
  // Rules ask in build order, so resuming from the last answer keeps this linear: within a stage,
  // and from a parent stage to the child built FROM it (a chain of stages).
  if (cursor_.stage >= 0 && cursor_.stage != stage && facts(stage).parent == cursor_.stage) {
    const auto& parent = file_.stages[static_cast<size_t>(cursor_.stage)].instructions;
    for (; cursor_.index < parent.size(); ++cursor_.index)
      apply_variables(parent[cursor_.index], cursor_.state);
    keep_env_only(cursor_.state);
    cursor_.stage = stage;
    cursor_.index = 1;
  }
  if (cursor_.stage != stage || cursor_.index > index) {
    cursor_.stage = stage;
    cursor_.index = 1;
    cursor_.state = stage_start(stage);
  }
  for (; cursor_.index < index; ++cursor_.index)
    apply_variables(instructions[cursor_.index], cursor_.state);
  return cursor_.state.vars;
}

std::string LintContext::expand(int stage, size_t index, std::string_view word) const {
  return expand_variables(word, variables_before(stage, index), file_.escape);
}

std::vector<ShellCommand> LintContext::run_commands(const Instruction& run) {
  std::vector<ShellCommand> out;
  if (run.exec_form) {
    if (run.args.empty()) return out;
    ShellCommand c;
    c.words = run.args;
    add_commands(out, {std::move(c)}, 0);
    return out;
  }
  auto line_commands = split_shell_commands(run.text);
  bool line_script = line_runs_script(line_commands);
  add_commands(out, std::move(line_commands), 0);
  for (const auto& doc : run.heredocs)
    if (heredoc_is_script(doc, line_script)) add_commands(out, split_shell_commands(doc.body), 0);
  return out;
}

std::string LintContext::run_script(const Instruction& run) {
  if (run.exec_form) {
    std::string joined;
    for (const auto& a : run.args) joined += a + " ";
    return joined;
  }
  std::string script = run.text;
  if (run.heredocs.empty()) return script;
  bool line_script = line_runs_script(split_shell_commands(run.text));
  for (const auto& doc : run.heredocs)
    if (heredoc_is_script(doc, line_script)) script += "\n" + doc.body;
  return script;
}

Finding& LintContext::report(std::string_view rule_id, const Instruction& at, std::string message,
                             std::string fix, std::optional<ByteEstimate> bytes) {
  Finding f;
  f.rule_id = std::string(rule_id);
  f.severity = rule_by_id(rule_id).severity;
  f.line = at.line;
  f.end_line = at.end_line;
  f.message = std::move(message);
  f.fix = std::move(fix);
  f.bytes = std::move(bytes);
  findings_.push_back(std::move(f));
  return findings_.back();
}

}  // namespace minify::lint
