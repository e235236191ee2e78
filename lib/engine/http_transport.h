#pragma once
// Internal to lib/engine: one HTTP exchange with the engine over a fresh connection, aborted by a
// watchdog on cancellation or past its deadline. Keeps cpp-httplib out of the public headers.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/endpoint.h"
#include "engine/engine_client.h"

namespace minify::engine {

struct HttpCall {
  std::string method;
  std::string target;                  // path and query, already encoded: "/v1.41/images/x/json"
  std::string doing;                   // names the call in messages: "inspect image 'x'"
  std::string body;                    // the request body, unless `source` is set
  std::string content_type;            // of `body` or `source`
  const ByteSource* source = nullptr;  // streams the request body, chunked
  const ByteSink* sink = nullptr;      // takes a 2xx response body instead of HttpReply::body
  std::chrono::milliseconds silence{60'000};          // longest wait for the next byte
  std::optional<std::chrono::milliseconds> deadline;  // bound on the whole call
  Cancel cancel = nullptr;
  // More request headers (X-Registry-Auth).
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpReply {
  int status = 0;
  std::string body;  // the whole body; with a sink, only a non-2xx body (for its error message)
  std::vector<std::pair<std::string, std::string>> headers;

  // The first value of header `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
};

class HttpTransport {
 public:
  HttpTransport(const Endpoint& endpoint, const Timeouts& timeouts)
      : endpoint_(endpoint), timeouts_(timeouts) {}

  // Performs `call`. Any HTTP status is a reply; throws EngineError for what is not: kUnreachable
  // or kPermissionDenied (no connection), kTimeout, kCancelled, kUnreachable (the connection
  // broke). Exceptions from the call's sink or source propagate as they are.
  HttpReply perform(const HttpCall& call) const;

 private:
  const Endpoint& endpoint_;
  const Timeouts& timeouts_;
};

// Percent-encodes `text` for a query value (everything but RFC 3986 unreserved characters).
std::string encode_query_value(std::string_view text);
// Percent-encodes `text` for a path segment, keeping the '/', ':' and '@' of image references.
std::string encode_path(std::string_view text);

}  // namespace minify::engine
