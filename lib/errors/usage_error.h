#pragma once
// The one error type that means "the command line asks for something that cannot be done as
// asked": a malformed flag value, a probe the image cannot take, a tag that names the original.
// Whichever layer detects it (CLI11 in cmd/, a parser in lib/probe, the pipeline after it has
// inspected the image), the command exits 2 (usage) with its one-line message, never 1.
//
// It is an std::invalid_argument so that code which already catches that (to add context, as
// read_probe_file does) keeps working; but only UsageError maps to exit 2: a stray
// std::invalid_argument (std::stoi on engine data, say) is a bug or an error, exit 1.

#include <stdexcept>

namespace minify {

class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace minify
