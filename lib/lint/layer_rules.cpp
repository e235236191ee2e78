// DF014 consecutive-runs, DF015 removed-in-later-layer.

#include <algorithm>
#include <string>
#include <vector>

#include "lint/glob_match.h"
#include "lint/rules.h"

namespace minify::lint {
namespace {

// An absolute, normalised path: `p` taken relative to `cwd`, "." and ".." folded, no trailing /.
std::string resolve(std::string_view cwd, std::string_view p) {
  std::string joined =
      p.starts_with('/') ? std::string(p) : std::string(cwd) + "/" + std::string(p);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& part : parts) out += "/" + part;
  return out.empty() ? "/" : out;
}

std::string base_name(std::string_view p) {
  while (p.size() > 1 && p.ends_with('/')) p.remove_suffix(1);
  size_t q = p.find_first_of("?#");
  if (q != std::string_view::npos && p.find("://") != std::string_view::npos) p = p.substr(0, q);
  size_t slash = p.find_last_of('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

void check_consecutive_runs(LintContext& ctx) {
  for (int s : ctx.shipped_chain()) {
    const auto& ins = ctx.file().stages[static_cast<size_t>(s)].instructions;
    for (size_t i = 0; i < ins.size();) {
      // A RUN with --mount (cache, secret, bind) is usually apart on purpose.
      auto plain_run = [&](size_t k) { return ins[k].keyword == "RUN" && !ins[k].flag("mount"); };
      size_t j = i;
      while (j < ins.size() && plain_run(j)) ++j;
      if (j - i >= 2) {
        std::string lines;
        for (size_t k = i; k < j; ++k) lines += (k > i ? ", " : "") + std::to_string(ins[k].line);
        Finding& f = ctx.report("DF014", ins[i],
                                std::to_string(j - i) + " consecutive RUN instructions (lines " +
                                    lines + ") make " + std::to_string(j - i) + " layers",
                                "join them into one RUN with &&, cleaning up at its end");
        f.end_line = ins[j - 1].end_line;
      }
      i = j == i ? i + 1 : j;
    }
  }
}

struct Added {
  std::string path;
  bool tree = false;  // a directory: removing something under it also counts
  int line = 0;
  std::string how;
};

// Files a RUN downloads or clones (relative to the RUN's working directory).
std::vector<Added> downloads(const std::vector<ShellCommand>& commands, std::string cwd, int line) {
  std::vector<Added> out;
  for (const auto& c : commands) {
    auto w = program_words(c);
    if (w.empty()) continue;
    if (w[0] == "cd" && w.size() > 1) cwd = resolve(cwd, w[1]);
    bool curl = w[0] == "curl", wget = w[0] == "wget";
    if (curl || wget) {
      std::string url, output, dir = cwd;
      bool remote_name = false;
      for (size_t i = 1; i < w.size(); ++i) {
        const std::string& a = w[i];
        bool next = i + 1 < w.size();
        if ((curl && (a == "-o" || a == "--output")) ||
            (wget && (a == "-O" || a == "--output-document"))) {
          if (next) output = w[++i];
        } else if (wget && a.starts_with("--output-document=")) {
          output = a.substr(18);
        } else if (wget && (a == "-P" || a == "--directory-prefix")) {
          if (next) dir = resolve(cwd, w[++i]);
        } else if (curl && (a == "-O" || a == "--remote-name")) {
          remote_name = true;
        } else if (a.find("://") != std::string::npos) {
          url = a;
        }
      }
      for (const auto& r : c.redirect_targets) output = r;
      if (!output.empty() && output != "-" && output != "/dev/null")
        out.push_back({resolve(cwd, output), false, line, w[0] + " download"});
      else if (!url.empty() && (wget || remote_name))
        out.push_back({resolve(dir, base_name(url)), false, line, w[0] + " download"});
    }
    if (w[0] == "git" && w.size() > 2 && w[1] == "clone") {
      std::vector<std::string> positional;
      for (size_t i = 2; i < w.size(); ++i)
        if (!w[i].starts_with('-')) positional.push_back(w[i]);
      if (!positional.empty()) {
        std::string target = positional.size() > 1 ? positional[1] : base_name(positional[0]);
        if (target.ends_with(".git")) target.resize(target.size() - 4);
        out.push_back({resolve(cwd, target), true, line, "git clone"});
      }
    }
  }
  return out;
}

struct Removal {
  std::string target;  // may hold glob characters
};

std::vector<Removal> removals(const std::vector<ShellCommand>& commands, std::string cwd) {
  std::vector<Removal> out;
  for (const auto& c : commands) {
    auto w = program_words(c);
    if (w.empty()) continue;
    if (w[0] == "cd" && w.size() > 1) cwd = resolve(cwd, w[1]);
    if (w[0] != "rm") continue;
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i].starts_with('-')) continue;
      std::string t = w[i].starts_with('~') ? "/root" + w[i].substr(1) : w[i];
      out.push_back({resolve(cwd, t)});
    }
  }
  return out;
}

bool hits(const Removal& r, const Added& a) {
  bool glob = r.target.find_first_of("*?[") != std::string::npos;
  return (glob && glob_match(r.target, a.path)) || path_within(a.path, r.target) ||
         (a.tree && path_within(r.target, a.path));
}

void check_removed_later(LintContext& ctx) {
  std::vector<Added> added;
  std::string workdir = "/";
  for (int s : ctx.shipped_chain()) {
    const auto& instructions = ctx.file().stages[static_cast<size_t>(s)].instructions;
    for (size_t i = 1; i < instructions.size(); ++i) {
      const Instruction& ins = instructions[i];
      if (ins.keyword == "WORKDIR") {
        workdir = resolve(workdir, ctx.expand(s, i, ins.text));
      } else if ((ins.keyword == "COPY" || ins.keyword == "ADD") && ins.args.size() >= 2) {
        std::string dest = ctx.expand(s, i, ins.args.back());
        bool dir_dest = dest.ends_with('/') || ins.args.size() > 2;
        std::string resolved = resolve(workdir, dest);
        for (size_t k = 0; k + 1 < ins.args.size(); ++k) {
          std::string src = ctx.expand(s, i, ins.args[k]);
          bool whole = src == "." || src.ends_with('/') || src.find('*') != std::string::npos;
          if (dir_dest && !whole && !src.starts_with("<<"))
            added.push_back({resolve(resolved, base_name(src)), false, ins.line, ins.keyword});
          else
            added.push_back({resolved, whole, ins.line, ins.keyword});
        }
      } else if (ins.keyword == "RUN") {
        auto commands = LintContext::run_commands(ins);
        auto removed = removals(commands, workdir);
        std::vector<const Added*> reported;
        for (const auto& r : removed) {
          for (const auto& a : added) {
            if (!hits(r, a) || std::find(reported.begin(), reported.end(), &a) != reported.end())
              continue;
            reported.push_back(&a);
            ctx.report("DF015", ins,
                       "removes " + a.path + ", added at line " + std::to_string(a.line) + " (" +
                           a.how + "): its bytes stay in that layer",
                       a.how == "COPY" || a.how == "ADD"
                           ? "do not copy it in (.dockerignore, a narrower COPY), or COPY --from= "
                             "a build stage only what is needed"
                           : "download, use and delete it in the same RUN, or in a build stage");
          }
        }
        // What this RUN downloads and does not delete itself stays in its layer.
        for (auto& d : downloads(commands, workdir, ins.line)) {
          bool gone = false;
          for (const auto& r : removed) gone = gone || hits(r, d);
          if (!gone) added.push_back(std::move(d));
        }
      }
    }
  }
}

}  // namespace

void check_layers(LintContext& ctx) {
  check_consecutive_runs(ctx);
  check_removed_later(ctx);
}

}  // namespace minify::lint
