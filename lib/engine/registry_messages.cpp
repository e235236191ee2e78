#include "engine/registry_messages.h"

#include <nlohmann/json.hpp>

#include "engine/engine_error.h"

namespace minify::engine {
namespace {

// A line longer than this is no progress message: the stream is not what it claims to be.
constexpr std::size_t kMaxLine = 1 << 20;

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool mentions(std::string_view text, std::initializer_list<std::string_view> words) {
  for (auto word : words)
    if (text.find(word) != std::string_view::npos) return true;
  return false;
}

// The registry's words decide the kind: engines and registries say these things in these words
// (distribution's error codes UNAUTHORIZED, DENIED, MANIFEST_UNKNOWN, NAME_UNKNOWN).
ErrorKind kind_of(std::string_view message) {
  if (mentions(message, {"unauthorized", "authentication required", "denied", "401 Unauthorized",
                         "no basic auth credentials"}))
    return ErrorKind::kPermissionDenied;
  if (mentions(message, {"manifest unknown", "not found", "name unknown", "does not exist"}))
    return ErrorKind::kNotFound;
  return ErrorKind::kEngineFailure;
}

std::uint64_t count_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

std::string text_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

RegistryMessages::RegistryMessages(std::string doing, RegistryProgressSink sink)
    : doing_(std::move(doing)), sink_(std::move(sink)) {}

void RegistryMessages::feed(std::string_view chunk) {
  pending_.append(chunk);
  std::size_t start = 0;
  for (auto end = pending_.find('\n', start); end != std::string::npos;
       end = pending_.find('\n', start)) {
    take_line(std::string_view(pending_).substr(start, end - start));
    start = end + 1;
  }
  pending_.erase(0, start);
  if (pending_.size() > kMaxLine)
    throw EngineError(ErrorKind::kProtocol,
                      doing_ + ": the engine's progress stream has a line longer than 1 MiB");
}

void RegistryMessages::finish() {
  std::string last = std::move(pending_);
  pending_.clear();
  take_line(last);
}

void RegistryMessages::take_line(std::string_view raw) {
  std::string_view line = trim(raw);
  if (line.empty()) return;
  auto message = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded() || !message.is_object())
    throw EngineError(ErrorKind::kProtocol,
                      doing_ + ": the engine answered with something that is not JSON: " +
                          std::string(line.substr(0, 200)));
  std::string error = text_field(message, "error");
  if (auto detail = message.find("errorDetail");
      error.empty() && detail != message.end() && detail->is_object())
    error = text_field(*detail, "message");
  if (!error.empty()) {
    std::string said(trim(error));
    throw EngineError(kind_of(said), doing_ + ": " + said, 200, said);
  }
  if (auto aux = message.find("aux"); aux != message.end() && aux->is_object()) {
    if (std::string digest = text_field(*aux, "Digest"); !digest.empty()) digest_ = digest;
    return;
  }
  RegistryProgress progress{text_field(message, "id"), text_field(message, "status")};
  if (auto detail = message.find("progressDetail");
      detail != message.end() && detail->is_object()) {
    progress.current = count_field(*detail, "current");
    progress.total = count_field(*detail, "total");
  }
  if (sink_ && !progress.status.empty()) sink_(progress);
}

}  // namespace minify::engine
