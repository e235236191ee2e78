#include "trace/run_options.h"

#include <charconv>
#include <cmath>

#include "record/record.h"

namespace minify::sensor {
namespace {

double parse_seconds(const std::string& option, const std::string& value) {
  double seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(seconds) || seconds < 0) {
    throw UsageError(option + ": expected a number of seconds, got '" + value + "'");
  }
  return seconds;
}

}  // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
  RunOptions options;
  options.record_path = std::string(record::kRecordPath);
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.rfind("--", 0) != 0) break;  // the app's argv starts here
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg.resize(eq);
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) throw UsageError(arg + ": missing value");
      return args[++i];
    };
    if (arg == "--mode") {
      std::string mode = value();
      if (mode != "files" && mode != "full") {
        throw UsageError("--mode: expected 'files' or 'full', got '" + mode + "'");
      }
      options.full = mode == "full";
    } else if (arg == "--user") {
      options.user = value();
    } else if (arg == "--grace") {
      options.grace_seconds = parse_seconds(arg, value());
    } else if (arg == "--record") {
      options.record_path = value();
      if (options.record_path.empty()) throw UsageError("--record: empty path");
    } else if (arg == "--flush-interval") {
      options.flush_interval_seconds = parse_seconds(arg, value());
    } else if (arg == "--intercept") {
      std::string how = value();
      if (how != "notify" && how != "ptrace") {
        throw UsageError("--intercept: expected 'notify' or 'ptrace', got '" + how + "'");
      }
      options.interception = how == "notify" ? Interception::kNotify : Interception::kPtrace;
    } else if (arg == "--no-fanotify" && !inline_value) {
      options.fanotify = false;
    } else {
      throw UsageError("unknown option '" + args[i] + "'");
    }
  }
  options.argv.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (options.argv.empty()) throw UsageError("no command to run (give it after --)");
  return options;
}

}  // namespace minify::sensor
