#include "engine/load_messages.h"

#include <nlohmann/json.hpp>

#include "engine/engine_error.h"

namespace minify::engine {
namespace {

constexpr std::string_view kNamePrefix = "Loaded image: ";
constexpr std::string_view kIdPrefix = "Loaded image ID: ";

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

void take_message(const nlohmann::json& message, LoadResult& result) {
  if (!message.is_object()) return;
  if (auto error = message.find("error"); error != message.end() && error->is_string()) {
    std::string text = error->get<std::string>();
    throw EngineError(ErrorKind::kBadRequest, "load image: " + std::string(trim(text)), 200, text);
  }
  auto stream = message.find("stream");
  if (stream == message.end() || !stream->is_string()) return;  // progress messages
  // One "stream" message may hold several lines.
  std::string_view text = stream->get_ref<const std::string&>();
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.starts_with(kIdPrefix)) {
      result.ids.emplace_back(trim(line.substr(kIdPrefix.size())));
    } else if (line.starts_with(kNamePrefix)) {
      result.names.emplace_back(trim(line.substr(kNamePrefix.size())));
    }
  }
}

}  // namespace

LoadResult parse_load_messages(std::string_view answer) {
  LoadResult result;
  while (!answer.empty()) {
    auto end = answer.find('\n');
    std::string_view line = trim(answer.substr(0, end));
    answer = end == std::string_view::npos ? std::string_view{} : answer.substr(end + 1);
    if (line.empty()) continue;
    auto message = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded()) {
      throw EngineError(ErrorKind::kProtocol,
                        "load image: the engine answered with something that is not JSON: " +
                            std::string(line.substr(0, 200)));
    }
    take_message(message, result);
  }
  return result;
}

}  // namespace minify::engine
