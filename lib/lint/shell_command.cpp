#include "lint/shell_command.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace minify::lint {
namespace {

constexpr std::array<std::string_view, 14> kReservedWords = {"!",     "{",     "}",    "if", "then",
                                                             "else",  "elif",  "fi",   "do", "done",
                                                             "while", "until", "esac", "in"};

bool is_assignment(std::string_view w) {
  size_t eq = w.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  if (std::isdigit(static_cast<unsigned char>(w[0]))) return false;
  return std::all_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(eq), [](char c) {
    return c == '_' || std::isalnum(static_cast<unsigned char>(c));
  });
}

class Splitter {
 public:
  explicit Splitter(std::string_view s) : s_(s) {}

  std::vector<ShellCommand> run() {
    for (size_t i = 0; i < s_.size(); ++i) {
      char c = s_[i];
      switch (c) {
        case ' ':
        case '\t':
        case '\r':
          end_word();
          break;
        case '\n':
          end_command(false);
          break;
        case '#':
          if (started_) {
            word_ += c;
          } else {
            while (i + 1 < s_.size() && s_[i + 1] != '\n') ++i;
          }
          break;
        case '\'':
          started_ = true;
          while (++i < s_.size() && s_[i] != '\'') word_ += s_[i];
          break;
        case '"':
          started_ = true;
          while (++i < s_.size() && s_[i] != '"') {
            if (s_[i] == '\\' && i + 1 < s_.size() &&
                std::string_view("\"\\$`\n").find(s_[i + 1]) != std::string_view::npos) {
              if (s_[i + 1] != '\n') word_ += s_[i + 1];
              ++i;
            } else {
              word_ += s_[i];
            }
          }
          break;
        case '\\':
          if (i + 1 < s_.size()) {
            if (s_[i + 1] != '\n') {
              word_ += s_[i + 1];
              started_ = true;
            }
            ++i;
          }
          break;
        case ';':
        case '(':
        case ')':
        case '`':
          end_command(false);
          break;
        case '&':
          if (i + 1 < s_.size() && s_[i + 1] == '>') {  // &> and &>> redirect both streams
            end_word();
            i = skip_redirect_operator(i + 1);
          } else {
            if (i + 1 < s_.size() && s_[i + 1] == '&') ++i;
            end_command(false);
          }
          break;
        case '|':
          if (i + 1 < s_.size() && s_[i + 1] == '|') {
            ++i;
            end_command(false);
          } else {
            if (i + 1 < s_.size() && s_[i + 1] == '&') ++i;
            end_command(true);
          }
          break;
        case '$':
          if (i + 1 < s_.size() && s_[i + 1] == '(') {  // $( ... ): its commands count too
            ++i;
            end_command(false);
          } else {
            word_ += c;
            started_ = true;
          }
          break;
        case '>':
        case '<':
          // A number right before the operator is a file descriptor, not a word.
          if (started_ && !word_.empty() && std::all_of(word_.begin(), word_.end(), [](char d) {
                return std::isdigit(static_cast<unsigned char>(d));
              })) {
            word_.clear();
            started_ = false;
          }
          end_word();
          i = skip_redirect_operator(i);
          break;
        default:
          word_ += c;
          started_ = true;
      }
    }
    end_command(false);
    return std::move(commands_);
  }

 private:
  // Skips a redirection operator starting at i; the next word is its target. Returns the index of
  // the operator's last character.
  size_t skip_redirect_operator(size_t i) {
    size_t j = i + 1;
    while (j < s_.size() &&
           (s_[j] == '>' || s_[j] == '<' || s_[j] == '&' || s_[j] == '|' || s_[j] == '-'))
      ++j;
    next_is_redirect_ = true;
    return j - 1;
  }

  void end_word() {
    if (!started_) return;
    if (next_is_redirect_) {
      current_.redirect_targets.push_back(std::move(word_));
      next_is_redirect_ = false;
    } else if (current_.words.empty() && is_assignment(word_)) {
      current_.assignments.push_back(std::move(word_));
    } else if (current_.words.empty() && std::find(kReservedWords.begin(), kReservedWords.end(),
                                                   word_) != kReservedWords.end()) {
      // a reserved word at the front: the command proper follows
    } else {
      current_.words.push_back(std::move(word_));
    }
    word_.clear();
    started_ = false;
  }

  void end_command(bool piped) {
    end_word();
    next_is_redirect_ = false;
    if (current_.words.empty() && current_.assignments.empty() && current_.redirect_targets.empty())
      return;
    current_.piped_to_next = piped;
    commands_.push_back(std::move(current_));
    current_ = ShellCommand{};
  }

  std::string_view s_;
  std::string word_;
  bool started_ = false;
  bool next_is_redirect_ = false;
  ShellCommand current_;
  std::vector<ShellCommand> commands_;
};

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<ShellCommand> split_shell_commands(std::string_view script) {
  return Splitter(script).run();
}

std::vector<std::string> program_words(const ShellCommand& command) {
  const auto& w = command.words;
  size_t i = 0;
  while (i < w.size()) {
    std::string program = base_name(w[i]);
    if (program == "sudo" || program == "nice" || program == "env" || program == "nohup" ||
        program == "time" || program == "exec" || program == "command") {
      ++i;
      while (i < w.size() && (w[i].starts_with('-') || (program == "env" && is_assignment(w[i])))) {
        // Options that take a separate value.
        if ((program == "sudo" && (w[i] == "-u" || w[i] == "-g")) ||
            (program == "nice" && w[i] == "-n"))
          ++i;
        ++i;
      }
      continue;
    }
    break;
  }
  if (i >= w.size()) return {};
  std::vector<std::string> out(w.begin() + static_cast<std::ptrdiff_t>(i), w.end());
  out[0] = base_name(out[0]);
  return out;
}

}  // namespace minify::lint
