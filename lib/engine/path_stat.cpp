#include "engine/path_stat.h"

#include <openssl/evp.h>

#include <algorithm>

#include "engine/engine_error.h"

namespace minify::engine {
namespace {

using json = nlohmann::json;

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t number_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

}  // namespace

PathStat parse_path_stat(const std::string& header, std::string_view doing) {
  PathStat stat;
  if (header.empty()) return stat;
  std::string decoded(header.size() / 4 * 3 + 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                               reinterpret_cast<const unsigned char*>(header.data()),
                               static_cast<int>(header.size()));
  if (length < 0) {
    throw EngineError(ErrorKind::kProtocol, std::string(doing) + ": bad path stat header");
  }
  // EVP_DecodeBlock counts the bytes that padding stands for; drop them.
  size_t padding = 0;
  for (auto it = header.rbegin(); it != header.rend() && *it == '='; ++it) ++padding;
  decoded.resize(static_cast<size_t>(length) - std::min<size_t>(padding, length));
  auto object = json::parse(decoded, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) {
    throw EngineError(ErrorKind::kProtocol, std::string(doing) + ": bad path stat header");
  }
  stat.name = text_of(object, "name");
  stat.size = number_of(object, "size");
  stat.mode = static_cast<uint32_t>(number_of(object, "mode"));
  stat.mtime = text_of(object, "mtime");
  stat.link_target = text_of(object, "linkTarget");
  return stat;
}

}  // namespace minify::engine
