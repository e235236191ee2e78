#pragma once
// Dockerfile text -> Dockerfile (dockerfile.h), following BuildKit's grammar: parser directives
// (`# escape=`, `# syntax=`), comments, line continuations, exec (JSON) and shell forms,
// heredocs, flags, multi-stage. Instruction keywords are case-insensitive.
//
// Contract: never crashes on any input; text that BuildKit would refuse throws ParseError
// carrying the 1-based line it is about.

#include <stdexcept>
#include <string>
#include <string_view>

#include "lint/dockerfile.h"

namespace minify::lint {

class ParseError : public std::runtime_error {
 public:
  ParseError(int line, const std::string& message)
      : std::runtime_error("line " + std::to_string(line) + ": " + message),
        line_(line),
        message_(message) {}
  int line() const { return line_; }
  // Without the "line N: " prefix, for callers that print the file name with the line.
  const std::string& message() const { return message_; }

 private:
  int line_;
  std::string message_;
};

Dockerfile parse_dockerfile(std::string_view text);

}  // namespace minify::lint
