#pragma once
// The plumbing every call to the engine shares, for EngineClient and for the calls only tests
// make (tests/support/engine_test_calls.h): a request against the negotiated API version, the
// check that turns an error answer into EngineError (engine_error.h), and readers of the fields of
// the engine's JSON answers that tolerate a missing or mistyped field (engines differ).

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine_client.h"
#include "engine/http_transport.h"

namespace minify::engine::api_call {

// Added to a long call's own deadline for the transport's silence limit, so the deadline is what
// ends a call that the engine keeps open on purpose (wait, follow, exec).
inline constexpr std::chrono::milliseconds kSilenceMargin{10'000};

// A short call: bounded by Timeouts::request, as a whole and in silence.
struct Request {
  const EngineClient& client;
  std::string method;
  std::string path;  // after the version prefix: "/images/x/json?..."
  std::string doing;

  HttpCall to_call() const;
};

HttpReply perform(const EngineClient& client, const HttpCall& call);

// A call whose answer must be 2xx (or one of `also_fine`); otherwise the mapped EngineError, whose
// message for a 404 is `not_found` when given.
HttpReply expect(const EngineClient& client, const HttpCall& call, std::string_view not_found = {},
                 std::initializer_list<int> also_fine = {});

bool is_success(int status);
std::string in_quotes(std::string_view text);
// Ids are 64 hex digits; names are short. Messages show what `docker ps` shows.
std::string short_id(std::string_view id);
// "container 'abc123def456' not found"
std::string container_not_found(std::string_view id);

// Throws EngineError(kProtocol) naming `doing` when the body is not JSON.
nlohmann::json parse_json(const HttpReply& reply, std::string_view doing);
// The field, or "" / 0 / {} when it is missing or of another type.
std::string string_field(const nlohmann::json& object, const char* key);
int64_t int_field(const nlohmann::json& object, const char* key);
std::vector<std::string> strings_field(const nlohmann::json& object, const char* key);

}  // namespace minify::engine::api_call
