#pragma once
// Enough of POSIX shell syntax to tell what a RUN does: the script is cut into simple commands at
// ; && || | & newlines, parentheses, $( ) and backquotes; each command's words come out with
// quotes and escapes removed, its redirections and leading assignments apart. Not a shell: no
// expansion, no control flow; reserved words (if, then, do, {...) are dropped from the front of a
// command so that `then apt-get install` is seen as apt-get.

#include <string>
#include <string_view>
#include <vector>

namespace minify::lint {

struct ShellCommand {
  std::vector<std::string> assignments;       // leading NAME=value words
  std::vector<std::string> words;             // the command and its arguments
  std::vector<std::string> redirect_targets;  // files after > >> < (and heredoc delimiters)
  bool piped_to_next = false;                 // followed by `|`
};

std::vector<ShellCommand> split_shell_commands(std::string_view script);

// The words of the program a command really runs: wrappers (sudo, env, time, nice, nohup, exec,
// command) and their options removed, the program reduced to its base name ("/usr/bin/pip3" ->
// "pip3"). Empty when nothing is run.
std::vector<std::string> program_words(const ShellCommand& command);

}  // namespace minify::lint
