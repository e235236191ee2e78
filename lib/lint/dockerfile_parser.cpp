#include "lint/dockerfile_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "lint/ascii_text.h"

namespace minify::lint {
namespace {

struct Line {
  std::string_view text;
  int number = 0;
};

constexpr std::array<std::string_view, 18> kKeywords = {
    "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};

bool is_keyword(std::string_view upper) {
  return std::find(kKeywords.begin(), kKeywords.end(), upper) != kKeywords.end();
}

std::vector<Line> split_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  std::vector<Line> lines;
  int number = 1;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, number++});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// A continued line ends in the escape character, optionally followed by blanks.
bool strip_continuation(std::string_view& line, char escape) {
  std::string_view t = trim_right(line);
  if (t.empty() || t.back() != escape) return false;
  t.remove_suffix(1);
  line = t;
  return true;
}

// A word for the purpose of flags: runs to unquoted whitespace.
size_t word_end(std::string_view s, char escape) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == escape && quote == '"' && i + 1 < s.size())
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == escape && i + 1 < s.size()) {
      ++i;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ' ' || c == '\t') {
      return i;
    }
  }
  return s.size();
}

// Removes quotes and escapes the way BuildKit's word processing does (without expanding
// variables: lib/lint expands them only where a rule needs the value).
std::string unquote(std::string_view s, char escape, int line) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        out += c;
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == escape && i + 1 < s.size() &&
                 (s[i + 1] == '"' || s[i + 1] == escape || s[i + 1] == '$')) {
        out += s[++i];
      } else {
        out += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == escape && i + 1 < s.size()) {
      out += s[++i];
    } else {
      out += c;
    }
  }
  if (quote == '"') throw ParseError(line, "a double quote is never closed");
  if (quote == '\'') throw ParseError(line, "a single quote is never closed");
  return out;
}

// Splits on unquoted blanks, keeping quotes in the words.
std::vector<std::string_view> quoted_words(std::string_view s, char escape) {
  std::vector<std::string_view> words;
  s = trim(s);
  while (!s.empty()) {
    size_t end = word_end(s, escape);
    words.push_back(s.substr(0, end));
    s = trim(s.substr(end));
  }
  return words;
}

std::optional<std::vector<std::string>> exec_form(std::string_view rest) {
  if (!rest.starts_with('[')) return std::nullopt;
  auto json = nlohmann::json::parse(rest, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) return std::nullopt;
  std::vector<std::string> args;
  for (const auto& element : json) {
    if (!element.is_string()) return std::nullopt;
    args.push_back(element.get<std::string>());
  }
  return args;
}

bool valid_stage_name(std::string_view name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool takes_flags(std::string_view keyword) {
  return keyword == "FROM" || keyword == "RUN" || keyword == "COPY" || keyword == "ADD" ||
         keyword == "HEALTHCHECK";
}

bool takes_heredocs(std::string_view keyword) {
  return keyword == "RUN" || keyword == "COPY" || keyword == "ADD";
}

struct HeredocMarker {
  std::string delimiter;
  bool strip_tabs = false;
  bool quoted = false;
};

// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` at the start of an unquoted word; not `<<<`.
std::vector<HeredocMarker> heredoc_markers(std::string_view s) {
  std::vector<HeredocMarker> markers;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    bool word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';
    if (c != '<' || !word_start || !s.substr(i).starts_with("<<") || s.substr(i).starts_with("<<<"))
      continue;
    size_t j = i + 2;
    HeredocMarker m;
    if (j < s.size() && s[j] == '-') {
      m.strip_tabs = true;
      ++j;
    }
    char open = 0;
    if (j < s.size() && (s[j] == '"' || s[j] == '\'')) open = s[j++];
    size_t start = j;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                            s[j] == '.' || s[j] == '-'))
      ++j;
    m.delimiter = std::string(s.substr(start, j - start));
    if (open) {
      if (j >= s.size() || s[j] != open) continue;
      m.quoted = true;
      ++j;
    }
    if (!m.delimiter.empty()) markers.push_back(std::move(m));
    i = j - 1;
  }
  return markers;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lines_(split_lines(text)) {}

  Dockerfile parse() {
    size_t i = read_directives();
    std::vector<std::string> pending_comments;
    while (i < lines_.size()) {
      std::string_view t = trim(lines_[i].text);
      if (t.empty()) {
        pending_comments.clear();
        ++i;
        continue;
      }
      if (t.front() == '#') {
        pending_comments.emplace_back(trim(t.substr(1)));
        ++i;
        continue;
      }
      Instruction ins = read_instruction(i);
      ins.comments.insert(ins.comments.begin(), pending_comments.begin(), pending_comments.end());
      pending_comments.clear();
      add(std::move(ins));
    }
    if (file_.stages.empty()) {
      int line = lines_.empty() ? 1 : lines_.back().number;
      throw ParseError(line, "no FROM instruction: a Dockerfile must have at least one stage");
    }
    return std::move(file_);
  }

 private:
  // Parser directives: `# key=value` lines at the very top, before any other line.
  size_t read_directives() {
    size_t i = 0;
    bool seen_escape = false;
    for (; i < lines_.size(); ++i) {
      std::string_view t = trim(lines_[i].text);
      if (!t.starts_with('#')) break;
      t = trim(t.substr(1));
      size_t eq = t.find('=');
      if (eq == std::string_view::npos) break;
      std::string key = to_lower(trim(t.substr(0, eq)));
      std::string_view value = trim(t.substr(eq + 1));
      if (key == "escape") {
        if (seen_escape) throw ParseError(lines_[i].number, "the escape directive is given twice");
        if (value != "\\" && value != "`")
          throw ParseError(lines_[i].number, "the escape directive must be \\ or `, not '" +
                                                 std::string(value) + "'");
        file_.escape = value[0];
        seen_escape = true;
      } else if (key == "syntax") {
        file_.syntax = std::string(value);
      } else if (key != "check") {
        break;  // an unknown directive is a comment, and ends the directives
      }
    }
    return i;
  }

  Instruction read_instruction(size_t& i) {
    Instruction ins;
    ins.line = lines_[i].number;
    std::string logical;
    size_t last = i;
    while (true) {
      std::string_view piece = lines_[i].text;
      bool continued = strip_continuation(piece, file_.escape);
      logical += piece;
      last = i++;
      if (!continued) break;
      // Blank and comment lines inside a continuation are skipped (BuildKit does the same).
      while (i < lines_.size()) {
        std::string_view t = trim(lines_[i].text);
        if (t.empty()) {
          ++i;
        } else if (t.front() == '#') {
          ins.comments.emplace_back(trim(t.substr(1)));
          ++i;
        } else {
          break;
        }
      }
      if (i >= lines_.size()) break;
    }
    ins.end_line = lines_[last].number;

    std::string_view rest = trim(logical);
    size_t end = rest.find_first_of(" \t");
    std::string_view word = rest.substr(0, end);
    ins.keyword = to_upper(word);
    rest = end == std::string_view::npos ? std::string_view{} : trim(rest.substr(end));
    if (!is_keyword(ins.keyword))
      throw ParseError(ins.line, "unknown instruction '" + std::string(word) + "'");

    if (takes_heredocs(ins.keyword)) read_heredocs(ins, rest, i);
    if (takes_flags(ins.keyword)) rest = read_flags(ins, rest);
    ins.text = std::string(rest);
    parse_arguments(ins);
    return ins;
  }

  void read_heredocs(Instruction& ins, std::string_view rest, size_t& i) {
    for (auto& marker : heredoc_markers(rest)) {
      Heredoc doc;
      doc.delimiter = marker.delimiter;
      doc.strip_tabs = marker.strip_tabs;
      doc.quoted = marker.quoted;
      doc.first_line = i < lines_.size() ? lines_[i].number : ins.end_line + 1;
      bool closed = false;
      for (; i < lines_.size(); ++i) {
        std::string_view body_line = lines_[i].text;
        if (doc.strip_tabs)
          body_line.remove_prefix(std::min(body_line.find_first_not_of('\t'), body_line.size()));
        if (body_line == doc.delimiter) {
          ins.end_line = lines_[i].number;
          ++i;
          closed = true;
          break;
        }
        doc.body += body_line;
        doc.body += '\n';
      }
      if (!closed)
        throw ParseError(ins.line, "the heredoc <<" + doc.delimiter +
                                       " is never closed (no line '" + doc.delimiter +
                                       "' follows)");
      ins.heredocs.push_back(std::move(doc));
    }
  }

  std::string_view read_flags(Instruction& ins, std::string_view rest) {
    while (rest.starts_with("--")) {
      size_t end = word_end(rest, file_.escape);
      std::string_view word = rest.substr(2, end - 2);
      size_t eq = word.find('=');
      Flag flag;
      flag.name = to_lower(word.substr(0, eq));
      if (flag.name.empty())
        throw ParseError(ins.line, ins.keyword + " has a flag without a name: '" +
                                       std::string(rest.substr(0, end)) + "'");
      if (eq != std::string_view::npos)
        flag.value = unquote(word.substr(eq + 1), file_.escape, ins.line);
      ins.flags.push_back(std::move(flag));
      rest = trim(rest.substr(end));
    }
    return rest;
  }

  void parse_arguments(Instruction& ins) {
    const std::string& kw = ins.keyword;
    std::string_view rest = ins.text;
    if (rest.empty()) throw ParseError(ins.line, kw + " needs arguments");
    if (kw == "RUN" || kw == "CMD" || kw == "ENTRYPOINT" || kw == "SHELL") {
      if (auto args = exec_form(rest)) {
        ins.exec_form = true;
        ins.args = std::move(*args);
      } else if (kw == "SHELL") {
        throw ParseError(ins.line,
                         "SHELL needs its arguments in JSON form, e.g. [\"/bin/sh\", \"-c\"]");
      }
    } else if (kw == "COPY" || kw == "ADD" || kw == "VOLUME" || kw == "EXPOSE") {
      if (auto args = exec_form(rest)) {
        ins.exec_form = true;
        ins.args = std::move(*args);
      } else {
        for (auto w : quoted_words(rest, file_.escape)) ins.args.emplace_back(w);
      }
      if ((kw == "COPY" || kw == "ADD") && ins.args.size() < 2)
        throw ParseError(ins.line, kw + " needs a source and a destination");
    } else if (kw == "ENV" || kw == "LABEL") {
      parse_pairs(ins, rest);
    } else if (kw == "ARG") {
      for (auto w : quoted_words(rest, file_.escape)) {
        size_t eq = w.find('=');
        KeyValue kv{std::string(w.substr(0, eq)), std::nullopt};
        if (eq != std::string_view::npos)
          kv.value = unquote(w.substr(eq + 1), file_.escape, ins.line);
        if (kv.key.empty()) throw ParseError(ins.line, "ARG has an empty name");
        ins.pairs.push_back(std::move(kv));
      }
    } else if (kw == "ONBUILD") {
      std::string inner = to_upper(rest.substr(0, rest.find_first_of(" \t")));
      if (!is_keyword(inner) || inner == "ONBUILD" || inner == "FROM" || inner == "MAINTAINER")
        throw ParseError(ins.line, "ONBUILD cannot wrap '" + inner + "'");
    } else {
      for (auto w : quoted_words(rest, file_.escape)) ins.args.emplace_back(w);
    }
  }

  void parse_pairs(Instruction& ins, std::string_view rest) {
    auto words = quoted_words(rest, file_.escape);
    if (words.front().find('=') == std::string_view::npos) {
      // The legacy form `ENV key value...`: one pair, the value is the rest of the line.
      std::string_view value = trim(rest.substr(words.front().size()));
      if (value.empty())
        throw ParseError(ins.line, ins.keyword + " " + std::string(words.front()) +
                                       " has no value (use " + std::string(words.front()) +
                                       "=value)");
      ins.pairs.push_back({std::string(words.front()), unquote(value, file_.escape, ins.line)});
      return;
    }
    for (auto w : words) {
      size_t eq = w.find('=');
      if (eq == std::string_view::npos)
        throw ParseError(
            ins.line, ins.keyword + " mixes key=value with a bare word '" + std::string(w) + "'");
      std::string key = unquote(w.substr(0, eq), file_.escape, ins.line);
      if (key.empty()) throw ParseError(ins.line, ins.keyword + " has an empty name");
      ins.pairs.push_back({std::move(key), unquote(w.substr(eq + 1), file_.escape, ins.line)});
    }
  }

  void add(Instruction ins) {
    if (ins.keyword == "FROM") {
      Stage stage;
      stage.index = static_cast<int>(file_.stages.size());
      if (ins.args.size() == 3 && to_upper(ins.args[1]) == "AS") {
        stage.name = to_lower(ins.args[2]);
        if (!valid_stage_name(stage.name))
          throw ParseError(ins.line, "invalid stage name '" + ins.args[2] + "'");
        if (!stage_names_.insert(stage.name).second)
          throw ParseError(ins.line, "the stage name '" + ins.args[2] + "' is used twice");
      } else if (ins.args.size() != 1) {
        throw ParseError(ins.line,
                         "FROM takes an image and optionally 'AS name', got '" + ins.text + "'");
      }
      stage.base = ins.args[0];
      if (const Flag* p = ins.flag("platform"); p && p->value) stage.platform = *p->value;
      stage.instructions.push_back(std::move(ins));
      file_.stages.push_back(std::move(stage));
    } else if (file_.stages.empty()) {
      if (ins.keyword != "ARG")
        throw ParseError(
            ins.line,
            "the first instruction must be FROM (only ARG may come before it), not " + ins.keyword);
      file_.global_args.push_back(std::move(ins));
    } else {
      file_.stages.back().instructions.push_back(std::move(ins));
    }
  }

  std::vector<Line> lines_;
  Dockerfile file_;
  std::set<std::string> stage_names_;  // a set, not a scan: a Dockerfile may have many stages
};

}  // namespace

Dockerfile parse_dockerfile(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace minify::lint
