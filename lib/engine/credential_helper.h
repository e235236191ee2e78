#pragma once
// A docker credential helper (`docker-credential-NAME`, found in PATH), asked the way the docker
// CLI asks it: `docker-credential-NAME get` with the server's address on stdin, a JSON answer
// {"ServerURL", "Username", "Secret"} on stdout. docs: docker/docker-credential-helpers.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace minify::engine {

// A helper that cannot be run, fails, times out or answers what is no credential; what() names
// the helper and says what it did ("docker-credential-pass get: exit status 1: ...").
class CredentialHelperError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HelperCredentials {
  std::string username;  // "<token>" when `secret` is an identity token
  std::string secret;
};

// Runs `docker-credential-<helper> get` for `server_url`. nullopt when the helper says it holds
// no credentials for it ("credentials not found in native keychain", exit status 1). Bounded by
// `timeout` (the helper is killed past it). Throws CredentialHelperError otherwise.
std::optional<HelperCredentials> ask_credential_helper(
    std::string_view helper, std::string_view server_url,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace minify::engine
