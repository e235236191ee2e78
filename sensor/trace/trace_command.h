#pragma once
// `sensor [options] -- ARGV...`: runs the app traced and writes its record. The command line is
// protocol/sensor_protocol.h's TraceArgs.

#include <string>
#include <vector>

namespace minify::sensor {

// The sensor's --help, and what follows a usage error.
inline constexpr const char* kRunUsage =
    "usage: sensor [--mode files|full] [--user USER[:GROUP]] [--grace SECONDS] [--record PATH]\n"
    "              [--flush-interval SECONDS] [--no-fanotify] [--intercept notify|ptrace]\n"
    "              [--stop-signal SIGNAL] [--keep-cap NAME]... [--hold] -- ARGV...\n"
    "       sensor pack RECORD OUT.tar [options]\n";

// args: the command line without argv[0]. Returns the sensor's exit status: the app's own
// (128 + signal when a signal killed it), 125 when the sensor failed (bad usage, unknown user,
// ptrace refused), 126/127 when the app's file is not executable / not found. With --hold, once a
// stop signal ended the app, it returns that status only when a stop signal comes again (it waits
// to be killed: protocol::TraceArgs::hold).
int run_trace_command(const std::vector<std::string>& args);

}  // namespace minify::sensor
