#include "engine/docker_context.h"

#include <openssl/sha.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace minify::engine {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(what + ": cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(what + ": " + path.string() + " is not valid JSON (" + e.what() +
                                ")");
  }
}

}  // namespace

std::string context_folder_name(const std::string& name) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string current_context_name(const fs::path& config_dir) {
  fs::path config = config_dir / "config.json";
  std::error_code ec;
  if (!fs::exists(config, ec)) return {};
  nlohmann::json json = read_json(config, "the docker CLI's configuration");
  auto current = json.find("currentContext");
  if (!json.is_object() || current == json.end() || !current->is_string()) return {};
  return current->get<std::string>();
}

Endpoint read_docker_context(const fs::path& config_dir, const std::string& name) {
  const std::string what = "docker context '" + name + "'";
  const std::string folder = context_folder_name(name);
  fs::path meta = config_dir / "contexts" / "meta" / folder / "meta.json";
  std::error_code ec;
  if (!fs::exists(meta, ec))
    throw std::invalid_argument(what + " not found (no " + meta.string() +
                                "; see docker context ls)");
  nlohmann::json json = read_json(meta, what);
  const nlohmann::json* docker = nullptr;
  if (json.is_object() && json.contains("Endpoints") && json["Endpoints"].is_object() &&
      json["Endpoints"].contains("docker") && json["Endpoints"]["docker"].is_object())
    docker = &json["Endpoints"]["docker"];
  if (docker == nullptr || !docker->contains("Host") || !(*docker)["Host"].is_string())
    throw std::invalid_argument(what + " has no docker endpoint host in " + meta.string());
  bool skip_verify = docker->value("SkipTLSVerify", false);

  fs::path tls_dir = config_dir / "contexts" / "tls" / folder / "docker";
  auto file = [&](const char* base) {
    fs::path path = tls_dir / base;
    return fs::exists(path, ec) ? path.string() : std::string();
  };
  TlsFiles tls{file("ca.pem"), file("cert.pem"), file("key.pem"), !skip_verify};
  bool use_tls = skip_verify || !tls.ca.empty() || !tls.cert.empty() || !tls.key.empty();

  std::string host = (*docker)["Host"].get<std::string>();
  Endpoint endpoint;
  try {
    endpoint = Endpoint::parse(host, use_tls);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(what + ": " + e.what());
  }
  if (use_tls && endpoint.kind == Endpoint::Kind::kTcp) {
    if (tls.cert.empty() != tls.key.empty())
      throw std::invalid_argument(what + ": " + tls_dir.string() +
                                  " has one of cert.pem and key.pem but not the other");
    endpoint.tls = tls;
  }
  return endpoint;
}

}  // namespace minify::engine
