#include "engine/api_call.h"

#include "engine/engine_error.h"

namespace minify::engine::api_call {

using json = nlohmann::json;

HttpCall Request::to_call() const {
  HttpCall call;
  call.method = method;
  call.target = "/v" + client.api_version().to_string() + path;
  call.doing = doing;
  call.silence = client.timeouts().request;
  call.deadline = client.timeouts().request;
  return call;
}

HttpReply perform(const EngineClient& client, const HttpCall& call) {
  return HttpTransport(client.endpoint(), client.timeouts()).perform(call);
}

HttpReply expect(const EngineClient& client, const HttpCall& call, std::string_view not_found,
                 std::initializer_list<int> also_fine) {
  HttpReply reply = perform(client, call);
  if (is_success(reply.status)) return reply;
  for (int status : also_fine) {
    if (reply.status == status) return reply;
  }
  throw error_from_response(reply.status, reply.body, call.doing, not_found);
}

bool is_success(int status) {
  return status >= 200 && status < 300;
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

std::string short_id(std::string_view id) {
  bool hex = id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  return std::string(hex ? id.substr(0, 12) : id);
}

std::string container_not_found(std::string_view id) {
  return "container " + in_quotes(short_id(id)) + " not found";
}

json parse_json(const HttpReply& reply, std::string_view doing) {
  auto parsed = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw EngineError(ErrorKind::kProtocol,
                      std::string(doing) + ": the engine's answer is not JSON", reply.status);
  }
  return parsed;
}

std::string string_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t int_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::vector<std::string> strings_field(const json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace minify::engine::api_call
