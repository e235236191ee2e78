#pragma once
// The parsed form of a Dockerfile: what lib/lint's rules read. Produced by parse_dockerfile()
// (dockerfile_parser.h). Plain data: every instruction keeps the physical lines it came from, so a
// finding can point at them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::lint {

// A `--name=value` (or bare `--name`) flag of FROM, RUN, COPY, ADD or HEALTHCHECK.
struct Flag {
  std::string name;  // without the leading "--", e.g. "mount"
  std::optional<std::string> value;
};

// A here-document of RUN, COPY or ADD: `<<EOF`, `<<-EOF` (leading tabs stripped), `<<"EOF"`.
struct Heredoc {
  std::string delimiter;
  std::string body;  // the lines between the opening line and the delimiter, each ending in '\n'
  bool strip_tabs = false;
  bool quoted = false;  // the delimiter was quoted: the body is not subject to expansion
  int first_line = 0;   // the first body line (the line after the instruction's own line)
};

// ARG name[=value], ENV key=value, LABEL key=value; quotes removed, variables not expanded.
struct KeyValue {
  std::string key;
  std::optional<std::string> value;  // ARG without a default has none
};

struct Instruction {
  std::string keyword;  // upper case: "RUN"
  int line = 0;         // 1-based physical line of the keyword
  int end_line = 0;     // last physical line, continuations and heredoc bodies included
  std::vector<Flag> flags;
  // Everything after the flags, continuation lines joined. For a shell-form RUN, CMD or ENTRYPOINT
  // this is the command the shell gets.
  std::string text;
  bool exec_form = false;  // the JSON-array form: `args` holds its strings
  // Exec form: the array. FROM, COPY, ADD, EXPOSE, VOLUME, USER, WORKDIR...: whitespace-separated
  // words of `text`. Shell-form RUN/CMD/ENTRYPOINT: empty (use `text`).
  std::vector<std::string> args;
  std::vector<KeyValue> pairs;  // ARG, ENV, LABEL
  std::vector<Heredoc> heredocs;
  // Comment lines directly before the instruction (no blank line between) and inside its
  // continuation lines, without the '#', trimmed. Where `# minify-ignore: ID` is found.
  std::vector<std::string> comments;

  const Flag* flag(std::string_view name) const {
    for (const auto& f : flags)
      if (f.name == name) return &f;
    return nullptr;
  }
};

struct Stage {
  int index = 0;
  std::string name;                       // `FROM image AS name`, lower-cased; empty when unnamed
  std::string base;                       // the image reference as written, variables not expanded
  std::string platform;                   // --platform, when given
  std::vector<Instruction> instructions;  // the FROM first
};

struct Dockerfile {
  char escape = '\\';                    // `# escape=` directive
  std::string syntax;                    // `# syntax=` directive, when given
  std::vector<Instruction> global_args;  // ARGs before the first FROM
  std::vector<Stage> stages;
};

}  // namespace minify::lint
