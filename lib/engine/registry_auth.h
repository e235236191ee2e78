#pragma once
// The credentials a pull or a push hands the engine for a registry, found where the docker CLI
// keeps them (its config.json), and the X-Registry-Auth header that carries them.
//
// Lookup, as the docker CLI does it for `registry` ("127.0.0.1:5000", "docker.io"):
//   1. credHelpers[registry]: `docker-credential-<helper> get` (credential_helper.h);
//   2. credsStore: the same with that helper, for every registry;
//   3. auths: the entry whose key names the registry ("127.0.0.1:5000", "https://127.0.0.1:5000",
//      "http://127.0.0.1:5000/v2/"; Docker Hub's is "https://index.docker.io/v1/"), with "auth"
//      (base64 "user:password"), or "username"/"password", or "identitytoken".
// No config file, or nothing for the registry: no credentials (an anonymous pull or push).

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace minify::engine {

// A config file that cannot be read or is malformed, or a helper that fails: what() names the file
// or the helper, and the registry.
class RegistryAuthError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RegistryCredentials {
  std::string username;
  std::string password;
  std::string identity_token;  // instead of a password (a helper's "<token>" user)
  std::string
      source;  // where they came from, for messages: "auths in FILE", "docker-credential-pass"
};

// $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json (nullopt: no HOME either).
std::optional<std::filesystem::path> docker_config_file();

// Docker Hub's server address in the config and for helpers: "https://index.docker.io/v1/".
// Every other registry goes by its host[:port].
std::string registry_server_address(std::string_view registry);

// The credentials for `registry` in `config_file` (see the lookup above); nullopt when the file
// does not exist or has none for it. Throws RegistryAuthError.
std::optional<RegistryCredentials> registry_credentials(std::string_view registry,
                                                        const std::filesystem::path& config_file);

// The X-Registry-Auth header's value: base64url of {"username", "password", "serveraddress"} (or
// {"identitytoken", "serveraddress"}); "{}" encoded when there are no credentials, which an engine
// takes for an anonymous request (Docker 20.10 refuses a push without the header at all).
std::string registry_auth_header(std::string_view registry,
                                 const std::optional<RegistryCredentials>& credentials);

}  // namespace minify::engine
