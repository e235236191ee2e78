#include "engine/registry_auth.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/credential_helper.h"

namespace minify::engine {
namespace {

using json = nlohmann::json;

constexpr std::string_view kDockerHub = "docker.io";
constexpr std::string_view kDockerHubAddress = "https://index.docker.io/v1/";
// A helper's user name that says the secret is an identity token, not a password.
constexpr std::string_view kTokenUser = "<token>";

// An auths key as the docker CLI compares it (ConvertToHostname): no scheme, no path.
std::string host_of(std::string_view key) {
  for (std::string_view scheme : {"https://", "http://"})
    if (key.starts_with(scheme)) key.remove_prefix(scheme.size());
  return std::string(key.substr(0, key.find('/')));
}

bool names_registry(std::string_view key, std::string_view registry) {
  std::string host = host_of(key);
  if (registry == kDockerHub)
    return host == "index.docker.io" || host == "docker.io" || host == "registry-1.docker.io";
  return host == registry;
}

std::string base64(std::string_view bytes, bool url) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  if (url)
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0 || text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - std::min<std::size_t>(padding, n));
  return out;
}

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<RegistryCredentials> from_helper(const std::string& helper,
                                               std::string_view registry) {
  std::optional<HelperCredentials> got;
  try {
    got = ask_credential_helper(helper, registry_server_address(registry));
  } catch (const CredentialHelperError& e) {
    throw RegistryAuthError("credentials for registry " + std::string(registry) + ": " + e.what());
  }
  if (!got) return std::nullopt;
  RegistryCredentials credentials;
  credentials.source = "docker-credential-" + helper;
  if (got->username == kTokenUser) {
    credentials.identity_token = got->secret;
  } else {
    credentials.username = got->username;
    credentials.password = got->secret;
  }
  return credentials;
}

std::optional<RegistryCredentials> from_auths(const json& auths, std::string_view registry,
                                              const std::filesystem::path& file) {
  if (!auths.is_object()) return std::nullopt;
  for (const auto& [key, entry] : auths.items()) {
    if (!names_registry(key, registry) || !entry.is_object()) continue;
    RegistryCredentials credentials;
    credentials.source = "auths[\"" + key + "\"] in " + file.string();
    credentials.identity_token = text(entry, "identitytoken");
    if (std::string auth = text(entry, "auth"); !auth.empty()) {
      std::optional<std::string> pair = unbase64(auth);
      auto colon = pair ? pair->find(':') : std::string::npos;
      if (colon == std::string::npos)
        throw RegistryAuthError(file.string() + ": auths[\"" + key +
                                "\"].auth is not base64 of 'user:password'");
      credentials.username = pair->substr(0, colon);
      credentials.password = pair->substr(colon + 1);
    } else {
      credentials.username = text(entry, "username");
      credentials.password = text(entry, "password");
    }
    if (credentials.username.empty() && credentials.identity_token.empty()) continue;
    return credentials;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::filesystem::path> docker_config_file() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0')
    return std::filesystem::path(dir) / "config.json";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".docker" / "config.json";
  return std::nullopt;
}

std::string registry_server_address(std::string_view registry) {
  return registry == kDockerHub ? std::string(kDockerHubAddress) : std::string(registry);
}

std::optional<RegistryCredentials> registry_credentials(std::string_view registry,
                                                        const std::filesystem::path& config_file) {
  std::ifstream in(config_file);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(config_file, ec)) return std::nullopt;
    throw RegistryAuthError(config_file.string() + ": cannot read it");
  }
  std::stringstream content;
  content << in.rdbuf();
  json config = json::parse(content.str(), nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object())
    throw RegistryAuthError(config_file.string() + ": not a JSON object (a docker config.json)");
  if (auto helpers = config.find("credHelpers"); helpers != config.end() && helpers->is_object())
    for (const auto& [key, helper] : helpers->items())
      if (names_registry(key, registry) && helper.is_string())
        return from_helper(helper.get<std::string>(), registry);
  if (std::string store = text(config, "credsStore"); !store.empty())
    return from_helper(store, registry);
  return from_auths(config.value("auths", json::object()), registry, config_file);
}

std::string registry_auth_header(std::string_view registry,
                                 const std::optional<RegistryCredentials>& credentials) {
  json auth = json::object();
  if (credentials) {
    if (!credentials->identity_token.empty()) {
      auth["identitytoken"] = credentials->identity_token;
    } else {
      auth["username"] = credentials->username;
      auth["password"] = credentials->password;
    }
    auth["serveraddress"] = registry_server_address(registry);
  }
  return base64(auth.dump(), /*url=*/true);
}

}  // namespace minify::engine
