#pragma once
// The outcome of one probe, in the same shape for every kind of probe, so that two runs of the
// same probes (the original image under the sensor, then the slim image) can be compared.

#include <string>
#include <string_view>
#include <vector>

namespace minify::probe {

enum class ProbeKind {
  kHttp,      // an HTTP request to a published port
  kExec,      // a command run inside the container through the engine's exec API
  kHostExec,  // a command run on the host against the published ports
  kExit,      // the app itself, run to completion (batch jobs): its exit status and stdout
};

std::string_view kind_name(ProbeKind kind);

struct ProbeResult {
  ProbeKind kind = ProbeKind::kHttp;
  std::string name;       // what was probed: "GET /about", "exec: ls /data", ...
  bool answered = false;  // a response came back / the command ran to its end
  int status = 0;         // HTTP status code, or the command's exit status
  std::string output;     // HTTP body, or the command's stdout
  // The HTTP response headers verify compares (Content-Type, Location), in that order, each
  // "Name: value"; absent ones are left out.
  std::vector<std::string> headers;
  std::string error;  // why it did not answer, or the command's stderr
  double elapsed_ms = 0;
  // Whether this result means the app failed: no answer, a non-zero exit of a command, or a server
  // error on a request the user asked for. A crawled link that 404s is the app's own business.
  bool failed = false;
};

}  // namespace minify::probe
