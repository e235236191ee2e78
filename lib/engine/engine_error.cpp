#include "engine/engine_error.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "engine/endpoint.h"

namespace minify::engine {
namespace {

// Long bodies (an HTML error page from a proxy, a Go panic) would drown the one line.
constexpr size_t kMaxMessageLength = 400;

std::string trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::string out(text.substr(0, kMaxMessageLength));
  if (text.size() > kMaxMessageLength) out += "...";
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// The engine answers errors as {"message": "..."}; anything else is taken as plain text.
std::string engine_message_of(std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto it = parsed.find("message");
    if (it != parsed.end() && it->is_string()) return trim(it->get<std::string>());
  }
  return trim(body);
}

ErrorKind kind_of_status(int status) {
  if (status == 401 || status == 403) return ErrorKind::kPermissionDenied;
  if (status == 404) return ErrorKind::kNotFound;
  if (status == 409) return ErrorKind::kConflict;
  if (status >= 500) return ErrorKind::kEngineFailure;
  if (status >= 400) return ErrorKind::kBadRequest;
  return ErrorKind::kProtocol;  // an unexpected 1xx/2xx/3xx for this call
}

}  // namespace

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUnreachable:
      return "unreachable";
    case ErrorKind::kPermissionDenied:
      return "permission denied";
    case ErrorKind::kApiTooOld:
      return "API version too old";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kBadRequest:
      return "bad request";
    case ErrorKind::kEngineFailure:
      return "engine failure";
    case ErrorKind::kProtocol:
      return "protocol error";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

EngineError::EngineError(ErrorKind kind, std::string message, int http_status,
                         std::string engine_message)
    : std::runtime_error(std::move(message)),
      kind_(kind),
      http_status_(http_status),
      engine_message_(std::move(engine_message)) {}

EngineError error_from_response(int status, std::string_view body, std::string_view doing,
                                std::string_view not_found) {
  ErrorKind kind = kind_of_status(status);
  std::string engine_message = engine_message_of(body);
  std::string message;
  if (kind == ErrorKind::kNotFound && !not_found.empty()) {
    message = std::string(not_found);
  } else if (!engine_message.empty()) {
    message = std::string(doing) + ": " + engine_message;
  } else {
    message = std::string(doing) + ": the engine answered HTTP " + std::to_string(status);
  }
  return EngineError(kind, std::move(message), status, std::move(engine_message));
}

EngineError connection_error(const Endpoint& endpoint, int error_number, std::string_view detail) {
  if (error_number == EACCES || error_number == EPERM) {
    return EngineError(ErrorKind::kPermissionDenied,
                       "permission denied on " + endpoint.uri() +
                           ": add your user to the 'docker' group (then log in again) or run "
                           "as root");
  }
  std::string reason;
  switch (error_number) {
    case ENOENT:
      reason = "no such socket";
      break;
    case ECONNREFUSED:
      reason = "connection refused";
      break;
    case ENOTSOCK:
      reason = "not a socket";
      break;
    case ETIMEDOUT:
      reason = "connection timed out";
      break;
    case EHOSTUNREACH:
      reason = "host unreachable";
      break;
    case EADDRNOTAVAIL:
      reason = "cannot resolve the host name";
      break;
    case 0:
      reason = detail.empty() ? "no answer" : std::string(detail);
      break;
    default:
      reason = std::strerror(error_number);
      break;
  }
  return EngineError(ErrorKind::kUnreachable, "cannot reach the Docker engine at " +
                                                  endpoint.uri() + ": " + reason +
                                                  "; is dockerd running?");
}

}  // namespace minify::engine
