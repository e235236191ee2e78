#pragma once
// Docker Engine API versions ("1.41") and the negotiation with the engine's GET /version answer.

#include <compare>
#include <string>
#include <string_view>

namespace minify::engine {

struct ApiVersion {
  int major = 1;
  int minor = 0;

  // "1.41" -> {1, 41}; throws std::invalid_argument on anything else.
  static ApiVersion parse(std::string_view text);
  std::string to_string() const;  // "1.41"

  auto operator<=>(const ApiVersion&) const = default;
};

// The oldest engine API minify works with (Docker 19.03) and the newest it knows the shape of.
inline constexpr ApiVersion kMinimumApiVersion{1, 40};
inline constexpr ApiVersion kMaximumApiVersion{1, 43};

// The version every call uses: the engine's ApiVersion capped at kMaximumApiVersion. Throws
// EngineError (kApiTooOld) when the engine is older than kMinimumApiVersion, or when its
// MinAPIVersion is newer than kMaximumApiVersion (an engine that no longer speaks our API).
// `endpoint_uri` only goes into the message.
ApiVersion negotiate_api_version(std::string_view server_api, std::string_view server_min_api,
                                 std::string_view endpoint_uri);

}  // namespace minify::engine
