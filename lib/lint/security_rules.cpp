// DF019 runs-as-root, DF020 secret-in-env, DF021 secret-in-arg, DF022 curl-pipe-shell.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "lint/ascii_text.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

void check_user(LintContext& ctx) {
  const InstructionAt* last = nullptr;
  auto users = ctx.shipped("USER");
  if (!users.empty()) last = &users.back();
  if (last) {
    std::string user = ctx.expand(last->stage, last->index, last->instruction->text);
    std::string name = user.substr(0, user.find(':'));
    if (name == "root" || name == "0")
      ctx.report("DF019", *last->instruction,
                 "the final stage switches to USER " + user + ": the app runs as root",
                 "end the final stage with USER and a non-root name or uid (e.g. USER 10001)");
    return;
  }
  const auto& chain = ctx.shipped_chain();
  const StageFacts& root = ctx.facts(chain.front());
  // Images that already default to a non-root user.
  if (root.image.tag.find("nonroot") != std::string::npos ||
      root.image.repository.find("nonroot") != std::string::npos ||
      root.image.registry == "cgr.dev")
    return;
  ctx.report("DF019", ctx.final_stage().instructions.front(),
             "the final stage has no USER: the app runs as root",
             "add USER with a non-root uid to the final stage (a numeric uid such as 65534 works "
             "even FROM scratch)");
}

// Names such as DB_PASSWORD, API_KEY, GITHUB_TOKEN, aws_secret_access_key; not GPG_KEY (a public
// key fingerprint) nor PASSWORD_FILE (a path to a secret, which is the right way).
bool secret_name(std::string_view name) {
  std::string upper = to_upper(name);
  std::vector<std::string> parts;
  std::string part;
  for (char c : upper) {
    if (c == '_' || c == '-' || c == '.') {
      if (!part.empty()) parts.push_back(std::move(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) parts.push_back(std::move(part));
  if (parts.empty()) return false;
  constexpr std::array<std::string_view, 9> kNotSecret = {
      "FILE", "PATH", "DIR", "URL", "ID", "NAME", "LOCATION", "TYPE", "ENABLED"};
  if (std::find(kNotSecret.begin(), kNotSecret.end(), parts.back()) != kNotSecret.end())
    return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.find("PASSWORD") != std::string::npos || p.find("PASSWD") != std::string::npos ||
        p.find("SECRET") != std::string::npos || p.find("TOKEN") != std::string::npos ||
        p == "PASS" || p == "APIKEY" || p == "CREDENTIALS" || p == "PRIVATEKEY")
      return true;
    if (p == "KEY") {
      std::string before = i ? parts[i - 1] : "";
      if (before != "GPG" && before != "PGP" && before != "PUBLIC" && before != "PUB") return true;
    }
  }
  return false;
}

void check_secrets(LintContext& ctx) {
  auto check = [&](const Instruction& ins, std::string_view rule) {
    std::vector<std::string> names;
    for (const auto& kv : ins.pairs) {
      if (!secret_name(kv.key)) continue;
      if (ins.keyword == "ENV" && kv.value && kv.value->empty()) continue;  // nothing stored
      names.push_back(kv.key);
    }
    if (names.empty()) return;
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
    if (ins.keyword == "ENV")
      ctx.report(rule, ins,
                 "ENV " + list + " looks like a secret: its value is stored in the image config",
                 "pass it at run time (docker run -e, a secrets file), or at build time with RUN "
                 "--mount=type=secret");
    else
      ctx.report(
          rule, ins,
          "ARG " + list + " looks like a secret: build arguments are kept in the image history",
          "use RUN --mount=type=secret,id=... and read it from /run/secrets/ in that RUN");
  };
  for (const auto& ins : ctx.file().global_args) check(ins, "DF021");
  for (const auto& stage : ctx.file().stages)
    for (const auto& ins : stage.instructions) {
      if (ins.keyword == "ENV") check(ins, "DF020");
      if (ins.keyword == "ARG") check(ins, "DF021");
    }
}

bool is_interpreter(std::string_view program) {
  return is_shell_program(program) || program == "python" || program == "python3" ||
         program == "perl" || program == "ruby" || program == "node";
}

void check_pipe_to_shell(LintContext& ctx) {
  for (const auto& at : ctx.all("RUN")) {
    const Instruction& run = *at.instruction;
    auto commands = LintContext::run_commands(run);
    bool found = false;
    bool runs_shell = false;
    for (size_t i = 0; i < commands.size(); ++i) {
      auto w = program_words(commands[i]);
      if (w.empty()) continue;
      runs_shell =
          runs_shell || is_shell_program(w[0]) || w[0] == "eval" || w[0] == "source" || w[0] == ".";
      if ((w[0] == "curl" || w[0] == "wget") && commands[i].piped_to_next &&
          i + 1 < commands.size()) {
        auto next = program_words(commands[i + 1]);
        if (!next.empty() && is_interpreter(next[0])) found = true;
      }
    }
    // sh -c "$(curl ...)", bash <(curl ...), eval "$(wget -O- ...)"
    if (!found && runs_shell) {
      std::string script = LintContext::run_script(run);
      for (std::string_view pattern : {"$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget"})
        found = found || script.find(pattern) != std::string::npos;
    }
    if (found)
      ctx.report("DF022", run,
                 "a script downloaded by curl/wget is run by a shell without verification",
                 "download it to a file, check its sha256 (or signature), then run it");
  }
}

}  // namespace

void check_security(LintContext& ctx) {
  check_user(ctx);
  check_secrets(ctx);
  check_pipe_to_shell(ctx);
}

}  // namespace minify::lint
