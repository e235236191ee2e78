#pragma once
// The one exception type of lib/engine. what() is a complete one-line message a user can act on;
// kind() lets callers branch (e.g. treat kNotFound as "already gone" during cleanup).

#include <stdexcept>
#include <string>
#include <string_view>

namespace minify::engine {

struct Endpoint;

enum class ErrorKind {
  kUnreachable,       // no engine answers at the endpoint (no socket, refused, reset, DNS)
  kPermissionDenied,  // EACCES on the socket, or the engine answered 401/403
  kApiTooOld,         // API version negotiation failed
  kNotFound,          // 404: image, container, exec instance or path not there
  kConflict,          // 409: name in use, container not running, image in use, ...
  kBadRequest,        // 400 and other 4xx: the engine rejected what we sent
  kEngineFailure,     // 5xx: the engine failed (its message says why)
  kProtocol,          // an answer we cannot understand (bad JSON, truncated stream, bad frame)
  kTimeout,           // a call exceeded its time limit
  kCancelled,         // the caller's cancellation flag was raised
};

std::string_view to_string(ErrorKind kind);

class EngineError : public std::runtime_error {
 public:
  EngineError(ErrorKind kind, std::string message, int http_status = 0,
              std::string engine_message = {});

  ErrorKind kind() const { return kind_; }
  int http_status() const { return http_status_; }  // 0 when no HTTP answer was received
  // The engine's own {"message": ...}, verbatim; empty when there was none.
  const std::string& engine_message() const { return engine_message_; }

 private:
  ErrorKind kind_;
  int http_status_;
  std::string engine_message_;
};

// Maps an engine's error answer to an EngineError. `body` is the response body (usually
// {"message": "..."}; plain text is used as is). `doing` names the call ("start container abc").
// `not_found` replaces the message for a 404 ("image 'x' not found"); empty: the generic text.
// The message is "<doing>: <engine message>" (or `not_found`), with the status when no message.
EngineError error_from_response(int status, std::string_view body, std::string_view doing,
                                std::string_view not_found = {});

// Maps a failure to connect to the engine (an errno from connect(2), or 0 when unknown, with
// `detail` as the transport's own reason) to kUnreachable or kPermissionDenied, e.g.
// "cannot reach the Docker engine at unix:///var/run/docker.sock: no such socket; is dockerd
// running?" or "permission denied on unix:///var/run/docker.sock: add your user to the 'docker'
// group (then log in again) or run as root".
EngineError connection_error(const Endpoint& endpoint, int error_number, std::string_view detail);

}  // namespace minify::engine
