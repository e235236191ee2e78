// The sensor's two command lines: the exact words the host has always sent, exact round-trips of
// any strings, and the one-line usage errors.

#include "protocol/sensor_protocol.h"

#include <doctest/doctest.h>

using namespace minify::protocol;
using Words = std::vector<std::string>;

namespace {

// Values a shell or a naive parser would mangle: options, "=", "--", spaces, empty, non-UTF-8.
const Words kHostile = {"-x",        "--", "--include", "-",      "a=b",  "--root=/x",
                        "two words", "",   "\xff\xfe",  "--help", "pack", "\n\t"};

}  // namespace

TEST_CASE("the container paths live under the sensor directory") {
  CHECK(kSensorDir == "/.minify");
  CHECK(kSensorPath == "/.minify/sensor");
  CHECK(kRecordPath == "/.minify/record.json");
  CHECK(kKeepTarPath == "/.minify/keep.tar");
  CHECK(kSummaryPath == "/.minify/summary.json");
}

TEST_CASE("TraceArgs: the analysis container's Cmd as the host builds it today") {
  TraceArgs files;
  files.user = "app";
  files.argv = {"python3", "app.py"};
  CHECK(files.to_argv() == Words{"--mode", "files", "--user", "app", "--", "python3", "app.py"});

  TraceArgs full;  // an image without USER
  full.mode = TraceMode::kFull;
  full.argv = {"/docker-entrypoint.sh", "nginx", "-g", "daemon off;"};
  CHECK(full.to_argv() ==
        Words{"--mode", "full", "--", "/docker-entrypoint.sh", "nginx", "-g", "daemon off;"});
}

TEST_CASE("TraceArgs: every option on the wire, and back") {
  TraceArgs all;
  all.mode = TraceMode::kFull;
  all.user = "1000:1000";
  all.grace_seconds = 0.1;
  all.record_path = "/tmp/r.json";
  all.flush_interval_seconds = 0;
  all.fanotify = false;
  all.bpf = false;
  all.interception = Interception::kPtrace;
  all.stop_signal = "SIGWINCH";
  all.keep_caps = {"SYS_PTRACE", "SYS_ADMIN"};
  all.granted = {"futex", "read", "rt_sigreturn"};
  all.hold = true;
  all.argv = {"app"};
  CHECK(all.to_argv() == Words{"--mode",
                               "full",
                               "--user",
                               "1000:1000",
                               "--grace",
                               "0.1",
                               "--record",
                               "/tmp/r.json",
                               "--flush-interval",
                               "0",
                               "--no-fanotify",
                               "--no-bpf",
                               "--intercept",
                               "ptrace",
                               "--stop-signal",
                               "SIGWINCH",
                               "--keep-cap",
                               "SYS_PTRACE",
                               "--keep-cap",
                               "SYS_ADMIN",
                               "--granted",
                               "futex,read,rt_sigreturn",
                               "--hold",
                               "--",
                               "app"});
  CHECK(TraceArgs::parse(all.to_argv()) == all);
}

TEST_CASE("TraceArgs: hostile strings round-trip exactly") {
  for (const auto& value : kHostile) {
    CAPTURE(value);
    TraceArgs args;
    args.user = value;
    args.argv = {value, "--mode", value};
    if (!value.empty()) args.record_path = value;  // an empty record path is refused
    CHECK(TraceArgs::parse(args.to_argv()) == args);
  }
  TraceArgs args;
  args.argv = kHostile;
  args.grace_seconds = 1e-7;
  args.flush_interval_seconds = 12345.678901234567;
  CHECK(TraceArgs::parse(args.to_argv()) == args);
}

TEST_CASE("TraceArgs: what the sensor accepts besides to_argv's form") {
  TraceArgs inline_values = TraceArgs::parse({"--user=a=b", "--grace=3", "x"});
  CHECK(inline_values.user == "a=b");
  CHECK(inline_values.grace_seconds == 3);
  CHECK(inline_values.argv == Words{"x"});  // the app starts at the first non-option

  TraceArgs defaults = TraceArgs::parse({"python3", "app.py"});
  TraceArgs expected;
  expected.argv = {"python3", "app.py"};
  CHECK(defaults == expected);
  CHECK(TraceArgs::parse({"--", "-x"}).argv == Words{"-x"});

  // --granted: one list, or several, in the order given.
  TraceArgs granted =
      TraceArgs::parse({"--mode", "full", "--granted=read", "--granted", "mmap,close", "x"});
  CHECK(granted.granted == Words{"read", "mmap", "close"});
  CHECK(TraceArgs::parse(granted.to_argv()) == granted);
}

TEST_CASE("TraceArgs: usage errors name the word at fault in one line") {
  auto error = [](const Words& args) -> std::string {
    try {
      TraceArgs::parse(args);
    } catch (const minify::UsageError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  CHECK(error({"--mode", "some", "--", "x"}) == "--mode: expected 'files' or 'full', got 'some'");
  CHECK(error({"--grace", "-1", "--", "x"}) == "--grace: expected a number of seconds, got '-1'");
  CHECK(error({"--grace", "inf", "--", "x"}) == "--grace: expected a number of seconds, got 'inf'");
  CHECK(error({"--flush-interval", "2s", "--", "x"}) ==
        "--flush-interval: expected a number of seconds, got '2s'");
  CHECK(error({"--bogus", "--", "x"}) == "unknown option '--bogus'");
  CHECK(error({"--no-fanotify=1", "--", "x"}) == "unknown option '--no-fanotify=1'");
  CHECK(error({"--no-bpf=1", "--", "x"}) == "unknown option '--no-bpf=1'");
  CHECK(error({"--hold=1", "--", "x"}) == "unknown option '--hold=1'");
  CHECK_FALSE(TraceArgs::parse({"x"}).hold);
  CHECK(final_record_path("/.minify/record.json") == "/.minify/record.json.final");
  CHECK(error({"--intercept", "strace", "--", "x"}) ==
        "--intercept: expected 'notify' or 'ptrace', got 'strace'");
  CHECK(error({"--record", "", "--", "x"}) == "--record: empty path");
  CHECK(error({"--stop-signal", "", "--", "x"}) == "--stop-signal: empty signal");
  CHECK(error({"--keep-cap", "NET_ADMIN", "--", "x"}) ==
        "--keep-cap: 'NET_ADMIN' is not one of the sensor's own");
  CHECK(error({"--mode", "full", "--granted", "read,,write", "--", "x"}) ==
        "--granted: expected syscall names separated by ',', got 'read,,write'");
  CHECK(error({"--mode", "full", "--granted", "", "--", "x"}) ==
        "--granted: expected syscall names separated by ',', got ''");
  CHECK(error({"--mode", "full", "--granted", "read,Write", "--", "x"}) ==
        "--granted: expected syscall names separated by ',', got 'read,Write'");
  CHECK(error({"--mode", "full", "--granted", "read,", "--", "x"}) ==
        "--granted: expected syscall names separated by ',', got 'read,'");
  CHECK(error({"--granted", "read", "--", "x"}) ==
        "--granted: only with --mode full (files mode hands over path syscalls alone)");
  CHECK(error({"--"}) == "no command to run (give it after --)");
  CHECK(error({}) == "no command to run (give it after --)");
  CHECK(error({"--user"}) == "--user: missing value");
}

TEST_CASE("PackArgs: the pack container's Cmd as the host builds it today") {
  PackArgs pack;
  pack.record = std::string(kRecordPath);
  pack.out = std::string(kKeepTarPath);
  pack.summary = std::string(kSummaryPath);
  pack.await = std::string(kRecordReadyPath);
  pack.hold = true;
  pack.stream = "/.minify/layer-0123456789abcdef.pipe";
  pack.path_env = "/usr/local/bin:/usr/bin:/bin";
  pack.include = {"/etc/ssl", "/app/**"};
  pack.include_bin = {"/usr/bin/curl"};
  pack.include_exe = {"sh"};
  pack.exclude = {"/usr/share/doc/**"};
  pack.include_shell = true;
  CHECK(pack.to_argv() == Words{"pack",
                                "/.minify/record.json",
                                "/.minify/keep.tar",
                                "--summary",
                                "/.minify/summary.json",
                                "--await",
                                "/.minify/record.ready",
                                "--hold",
                                "--stream",
                                "/.minify/layer-0123456789abcdef.pipe",
                                "--path-env",
                                "/usr/local/bin:/usr/bin:/bin",
                                "--include",
                                "/etc/ssl",
                                "--include",
                                "/app/**",
                                "--include-bin",
                                "/usr/bin/curl",
                                "--include-exe",
                                "sh",
                                "--exclude",
                                "/usr/share/doc/**",
                                "--include-shell"});
  CHECK(PackArgs::parse(pack.to_argv()) == pack);

  PackArgs plain;
  plain.record = "r.json";
  plain.out = "o.tar";
  plain.summary = "s.json";
  plain.path_env = "";
  CHECK(plain.to_argv() ==
        Words{"pack", "r.json", "o.tar", "--summary", "s.json", "--path-env", ""});
  CHECK(PackArgs::parse(plain.to_argv()) == plain);
}

TEST_CASE("PackArgs: hostile strings round-trip exactly") {
  for (const auto& value : kHostile) {
    CAPTURE(value);
    PackArgs args{.record = value,
                  .out = value,
                  .root = value,
                  .summary = value,
                  .await = value,
                  .hold = true,
                  .stream = value,
                  .path_env = value,
                  .include = {value, value},
                  .include_bin = {value},
                  .include_exe = {value},
                  .exclude = {value},
                  .include_shell = true};
    CHECK(PackArgs::parse(args.to_argv()) == args);
  }
  PackArgs lists;
  lists.record = "-r";
  lists.out = "o";
  lists.include = kHostile;
  lists.exclude = kHostile;
  const Words argv = lists.to_argv();
  CHECK(Words(argv.end() - 3, argv.end()) == Words{"--", "-r", "o"});  // positionals last
  CHECK(PackArgs::parse(argv) == lists);
}

TEST_CASE("PackArgs: what the sensor accepts besides to_argv's form") {
  PackArgs a = PackArgs::parse({"pack", "--root=/img", "--include", "/a", "/b", "--include=c=d",
                                "--include-shell", "--", "r", "o"});
  CHECK(a.root == "/img");
  CHECK(a.include == Words{"/a", "/b", "c=d"});  // "--include a b" takes both, as CLI11 did
  CHECK(a.include_shell);
  CHECK(a.record == "r");
  CHECK(a.out == "o");
  CHECK_FALSE(a.path_env);
  CHECK(a.summary.empty());
  CHECK(a.await.empty());
  CHECK_FALSE(a.hold);
  CHECK(a.stream.empty());
  CHECK(PackArgs::parse({"pack", "r", "o", "--hold"}).hold);
  CHECK(PackArgs::parse({"pack", "r", "o", "--stream=/p"}).stream == "/p");
}

TEST_CASE("PackArgs: usage errors name the word at fault in one line") {
  auto error = [](const Words& args) -> std::string {
    try {
      PackArgs::parse(args);
    } catch (const minify::UsageError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  CHECK(error({"pack"}) == "RECORD is required");
  CHECK(error({"pack", "r"}) == "OUT is required");
  CHECK(error({"pack", "r", "o", "extra"}) == "unexpected argument 'extra'");
  CHECK(error({"pack", "r", "o", "--bogus"}) == "unknown option '--bogus'");
  CHECK(error({"pack", "r", "o", "--root"}) == "--root: missing value");
  CHECK(error({"pack", "r", "o", "--root", "/a", "--root", "/b"}) == "--root: given twice");
  CHECK(error({"pack", "r", "o", "--include-shell=yes"}) == "--include-shell: takes no value");
  CHECK(error({"pack", "r", "o", "--hold=1"}) == "--hold: takes no value");
  CHECK(error({"pack", "r", "o", "--stream"}) == "--stream: missing value");
  CHECK(error({"pack", "r", "o", "--stream", "a", "--stream", "b"}) == "--stream: given twice");
  CHECK(error({"r", "o"}) == "not a pack command line");
}
