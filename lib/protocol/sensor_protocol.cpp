#include "protocol/sensor_protocol.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace minify::protocol {
namespace {

// The words of a command line, read left to right: options with their values, then the rest.
class Words {
 public:
  Words(const std::vector<std::string>& args, std::size_t at) : args_(args), at_(at) {}

  bool done() const { return at_ >= args_.size(); }
  const std::string& peek() const { return args_[at_]; }
  const std::string& next() { return args_[at_++]; }
  std::vector<std::string> rest() const {
    return {args_.begin() + static_cast<std::ptrdiff_t>(at_), args_.end()};
  }

 private:
  const std::vector<std::string>& args_;
  std::size_t at_;
};

// One option word: "--name" or "--name=value".
struct Option {
  std::string word;  // as given, for messages
  std::string name;
  std::optional<std::string> inline_value;

  explicit Option(const std::string& w) : word(w), name(w) {
    if (auto eq = w.find('='); eq != std::string::npos) {
      inline_value = w.substr(eq + 1);
      name.resize(eq);
    }
  }

  std::string value(Words& words) const {
    if (inline_value) return *inline_value;
    if (words.done()) throw UsageError(name + ": missing value");
    return words.next();
  }

  void require_flag() const {
    if (inline_value) throw UsageError(name + ": takes no value");
  }
};

double parse_seconds(const std::string& option, const std::string& value) {
  double seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(seconds) || seconds < 0) {
    throw UsageError(option + ": expected a number of seconds, got '" + value + "'");
  }
  return seconds;
}

// "read,write,futex": the names of --granted, each [a-z0-9_]+ as libseccomp spells them.
std::vector<std::string> syscall_names(const std::string& value) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    std::size_t end = std::min(value.find(',', start), value.size());
    std::string name = value.substr(start, end - start);
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      throw UsageError("--granted: expected syscall names separated by ',', got '" + value + "'");
    }
    names.push_back(std::move(name));
    if (end == value.size()) return names;
    start = end + 1;
  }
}

// The shortest text that from_chars reads back as the same double.
std::string seconds_text(double seconds) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, seconds);
  return std::string(buffer, end);
}

void set_once(std::string& field, bool& seen, const Option& option, Words& words) {
  if (seen) throw UsageError(option.name + ": given twice");
  seen = true;
  field = option.value(words);
}

// A repeatable option: its value, then the words after it up to one that starts with '-' (as
// CLI11 read "--include a b" before). to_argv() never relies on it: one value per option word.
void add_values(std::vector<std::string>& field, const Option& option, Words& words) {
  field.push_back(option.value(words));
  while (!words.done() && words.peek().rfind('-', 0) != 0) field.push_back(words.next());
}

}  // namespace

std::string listening_ports_path(std::string_view record_path) {
  return std::string(record_path) + ".ports";
}

std::string final_record_path(std::string_view record_path) {
  return std::string(record_path) + ".final";
}

std::string_view mode_name(TraceMode mode) {
  return mode == TraceMode::kFull ? "full" : "files";
}

TraceMode mode_from_name(std::string_view name) {
  if (name == "files") return TraceMode::kFiles;
  if (name == "full") return TraceMode::kFull;
  throw UsageError("--mode: expected 'files' or 'full', got '" + std::string(name) + "'");
}

std::vector<std::string> TraceArgs::to_argv() const {
  const TraceArgs defaults;
  std::vector<std::string> argv = {"--mode", std::string(mode_name(mode))};
  if (user) argv.insert(argv.end(), {"--user", *user});
  if (grace_seconds != defaults.grace_seconds)
    argv.insert(argv.end(), {"--grace", seconds_text(grace_seconds)});
  if (record_path != defaults.record_path) argv.insert(argv.end(), {"--record", record_path});
  if (flush_interval_seconds != defaults.flush_interval_seconds)
    argv.insert(argv.end(), {"--flush-interval", seconds_text(flush_interval_seconds)});
  if (!fanotify) argv.push_back("--no-fanotify");
  if (!bpf) argv.push_back("--no-bpf");
  if (interception != defaults.interception) argv.insert(argv.end(), {"--intercept", "ptrace"});
  if (stop_signal) argv.insert(argv.end(), {"--stop-signal", *stop_signal});
  for (const auto& cap : keep_caps) argv.insert(argv.end(), {"--keep-cap", cap});
  if (!granted.empty()) {
    std::string names;
    for (const auto& name : granted) names += (names.empty() ? "" : ",") + name;
    argv.insert(argv.end(), {"--granted", names});
  }
  if (hold) argv.push_back("--hold");
  argv.push_back("--");
  argv.insert(argv.end(), this->argv.begin(), this->argv.end());
  return argv;
}

TraceArgs TraceArgs::parse(const std::vector<std::string>& args) {
  TraceArgs trace;
  Words words(args, 0);
  while (!words.done()) {
    if (words.peek() == "--") {
      words.next();
      break;
    }
    if (words.peek().rfind("--", 0) != 0) break;  // the app's argv starts here
    Option option(words.next());
    if (option.name == "--mode") {
      trace.mode = mode_from_name(option.value(words));
    } else if (option.name == "--user") {
      trace.user = option.value(words);
    } else if (option.name == "--grace") {
      trace.grace_seconds = parse_seconds(option.name, option.value(words));
    } else if (option.name == "--record") {
      trace.record_path = option.value(words);
      if (trace.record_path.empty()) throw UsageError("--record: empty path");
    } else if (option.name == "--flush-interval") {
      trace.flush_interval_seconds = parse_seconds(option.name, option.value(words));
    } else if (option.name == "--intercept") {
      std::string how = option.value(words);
      if (how != "notify" && how != "ptrace") {
        throw UsageError("--intercept: expected 'notify' or 'ptrace', got '" + how + "'");
      }
      trace.interception = how == "notify" ? Interception::kNotify : Interception::kPtrace;
    } else if (option.name == "--stop-signal") {
      trace.stop_signal = option.value(words);
      if (trace.stop_signal->empty()) throw UsageError("--stop-signal: empty signal");
    } else if (option.name == "--keep-cap") {
      std::string name = option.value(words);
      bool known = false;
      for (const auto& cap : kSensorCapabilities) known = known || cap.name == name;
      if (!known) throw UsageError("--keep-cap: '" + name + "' is not one of the sensor's own");
      trace.keep_caps.push_back(name);
    } else if (option.name == "--granted") {
      for (auto& name : syscall_names(option.value(words)))
        trace.granted.push_back(std::move(name));
    } else if (option.name == "--no-fanotify" && !option.inline_value) {
      trace.fanotify = false;
    } else if (option.name == "--no-bpf" && !option.inline_value) {
      trace.bpf = false;
    } else if (option.name == "--hold" && !option.inline_value) {
      trace.hold = true;
    } else {
      throw UsageError("unknown option '" + option.word + "'");
    }
  }
  trace.argv = words.rest();
  if (trace.argv.empty()) throw UsageError("no command to run (give it after --)");
  if (!trace.granted.empty() && trace.mode != TraceMode::kFull)
    throw UsageError(
        "--granted: only with --mode full (files mode hands over path syscalls alone)");
  return trace;
}

std::vector<std::string> PackArgs::to_argv() const {
  std::vector<std::string> options;
  if (root != "/") options.insert(options.end(), {"--root", root});
  if (!summary.empty()) options.insert(options.end(), {"--summary", summary});
  if (!await.empty()) options.insert(options.end(), {"--await", await});
  if (hold) options.push_back("--hold");
  if (!stream.empty()) options.insert(options.end(), {"--stream", stream});
  if (path_env) options.insert(options.end(), {"--path-env", *path_env});
  auto add = [&](const char* flag, const std::vector<std::string>& values) {
    for (const auto& value : values) options.insert(options.end(), {flag, value});
  };
  add("--include", include);
  add("--include-bin", include_bin);
  add("--include-exe", include_exe);
  add("--exclude", exclude);
  if (include_shell) options.push_back("--include-shell");

  std::vector<std::string> argv = {"pack"};
  if (record.rfind('-', 0) == 0 || out.rfind('-', 0) == 0) {
    argv.insert(argv.end(), options.begin(), options.end());
    argv.insert(argv.end(), {"--", record, out});
  } else {
    argv.insert(argv.end(), {record, out});
    argv.insert(argv.end(), options.begin(), options.end());
  }
  return argv;
}

PackArgs PackArgs::parse(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "pack") throw UsageError("not a pack command line");
  PackArgs pack;
  std::vector<std::string> positional;
  bool root_seen = false, summary_seen = false, await_seen = false, stream_seen = false,
       path_env_seen = false;
  Words words(args, 1);
  while (!words.done()) {
    if (words.peek() == "--") {
      words.next();
      for (auto& word : words.rest()) positional.push_back(std::move(word));
      break;
    }
    if (words.peek().rfind('-', 0) != 0) {
      positional.push_back(words.next());
      continue;
    }
    Option option(words.next());
    if (option.name == "--root") {
      set_once(pack.root, root_seen, option, words);
    } else if (option.name == "--summary") {
      set_once(pack.summary, summary_seen, option, words);
    } else if (option.name == "--await") {
      set_once(pack.await, await_seen, option, words);
    } else if (option.name == "--hold") {
      option.require_flag();
      pack.hold = true;
    } else if (option.name == "--stream") {
      set_once(pack.stream, stream_seen, option, words);
    } else if (option.name == "--path-env") {
      std::string value;
      set_once(value, path_env_seen, option, words);
      pack.path_env = std::move(value);
    } else if (option.name == "--include") {
      add_values(pack.include, option, words);
    } else if (option.name == "--include-bin") {
      add_values(pack.include_bin, option, words);
    } else if (option.name == "--include-exe") {
      add_values(pack.include_exe, option, words);
    } else if (option.name == "--exclude") {
      add_values(pack.exclude, option, words);
    } else if (option.name == "--include-shell") {
      option.require_flag();
      pack.include_shell = true;
    } else {
      throw UsageError("unknown option '" + option.word + "'");
    }
  }
  if (positional.size() < 2)
    throw UsageError(positional.empty() ? "RECORD is required" : "OUT is required");
  if (positional.size() > 2) throw UsageError("unexpected argument '" + positional[2] + "'");
  pack.record = std::move(positional[0]);
  pack.out = std::move(positional[1]);
  return pack;
}

}  // namespace minify::protocol
