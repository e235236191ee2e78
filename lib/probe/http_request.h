#pragma once
// The HTTP requests a user asks for: `--probe 'METHOD /path [body]'` and `--probe-file FILE`.

#include <string>
#include <string_view>
#include <vector>

namespace minify::probe {

struct HttpRequest {
  std::string method = "GET";
  std::string path = "/";  // origin-form: starts with '/', may carry a query
  std::string body;

  std::string name() const { return method + " " + path; }
};

// Parses "METHOD /path [body]": the method is upper-cased, the body is everything after the path
// (spaces kept). Throws UsageError (errors/usage_error.h) with a one-line reason on a malformed
// spec.
HttpRequest parse_http_request(std::string_view spec);

// One spec per line; blank lines and lines starting with '#' are skipped. Throws UsageError
// naming the file and line on a bad line, std::runtime_error when the file cannot be read.
std::vector<HttpRequest> read_probe_file(const std::string& path);

}  // namespace minify::probe
