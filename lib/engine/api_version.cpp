#include "engine/api_version.h"

#include <charconv>
#include <stdexcept>

#include "engine/engine_error.h"

namespace minify::engine {
namespace {

bool parse_number(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

ApiVersion ApiVersion::parse(std::string_view text) {
  auto dot = text.find('.');
  ApiVersion version;
  if (dot == std::string_view::npos || !parse_number(text.substr(0, dot), version.major) ||
      !parse_number(text.substr(dot + 1), version.minor)) {
    throw std::invalid_argument("not an API version: '" + std::string(text) + "'");
  }
  return version;
}

std::string ApiVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

ApiVersion negotiate_api_version(std::string_view server_api, std::string_view server_min_api,
                                 std::string_view endpoint_uri) {
  ApiVersion server;
  try {
    server = ApiVersion::parse(server_api);
  } catch (const std::invalid_argument&) {
    throw EngineError(ErrorKind::kProtocol, "the Docker engine at " + std::string(endpoint_uri) +
                                                " reported API version '" +
                                                std::string(server_api) + "', which is not one");
  }
  if (server < kMinimumApiVersion) {
    throw EngineError(ErrorKind::kApiTooOld, "the Docker engine at " + std::string(endpoint_uri) +
                                                 " speaks API " + server.to_string() +
                                                 ", but minify needs at least " +
                                                 kMinimumApiVersion.to_string() +
                                                 " (Docker 19.03 or later); upgrade the engine");
  }
  if (!server_min_api.empty()) {
    ApiVersion server_min;
    try {
      server_min = ApiVersion::parse(server_min_api);
    } catch (const std::invalid_argument&) {
      server_min = kMinimumApiVersion;  // an unreadable minimum does not stop us; calls will tell
    }
    if (server_min > kMaximumApiVersion) {
      throw EngineError(ErrorKind::kApiTooOld, "the Docker engine at " + std::string(endpoint_uri) +
                                                   " needs API " + server_min.to_string() +
                                                   " or later, but minify speaks "
                                                   "up to " +
                                                   kMaximumApiVersion.to_string() +
                                                   "; upgrade minify");
    }
  }
  return server < kMaximumApiVersion ? server : kMaximumApiVersion;
}

}  // namespace minify::engine
