// Credentials found as the docker CLI finds them: auths entries, and credential helpers run for
// real (a small shell script in a PATH of the test's own).

#include "engine/registry_auth.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/file_contents.h"
#include "support/temp_dir.h"

using namespace minify::engine;
using minify::test::TempDir;
using minify::test::write_file;

namespace {

// base64url without the URL alphabet's quirks: the tests' own decoder of X-Registry-Auth.
nlohmann::json decode_header(std::string header) {
  for (char& c : header) c = c == '-' ? '+' : c == '_' ? '/' : c;
  std::string out(header.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(header.data()),
                          static_cast<int>(header.size()));
  REQUIRE(n >= 0);
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return nlohmann::json::parse(out);
}

// A PATH holding `docker-credential-<name>` scripts for the test's life.
struct HelperPath {
  TempDir dir;
  std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  HelperPath() { setenv("PATH", (dir.path().string() + ":" + saved).c_str(), 1); }
  ~HelperPath() { setenv("PATH", saved.c_str(), 1); }
  void add(const std::string& name, const std::string& script) {
    auto path = dir / ("docker-credential-" + name);
    write_file(path, "#!/bin/sh\n" + script);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
};

}  // namespace

TEST_CASE("auths: the entry naming the registry, however its key is spelled") {
  TempDir dir;
  // "user:pa:ss" in base64: a password may hold ':'.
  write_file(dir / "config.json", R"({"auths": {
      "https://index.docker.io/v1/": {"auth": "aHViOmh1YnBhc3M="},
      "http://127.0.0.1:5000/v2/": {"auth": "dXNlcjpwYTpzcw=="},
      "registry.example": {"username": "u2", "password": "p2"},
      "tokens.example": {"identitytoken": "tok"},
      "empty.example": {}}})");
  auto creds = registry_credentials("127.0.0.1:5000", dir / "config.json");
  REQUIRE(creds);
  CHECK(creds->username == "user");
  CHECK(creds->password == "pa:ss");
  CHECK(creds->source.find("config.json") != std::string::npos);
  CHECK(registry_credentials("docker.io", dir / "config.json")->username == "hub");
  CHECK(registry_credentials("registry.example", dir / "config.json")->password == "p2");
  CHECK(registry_credentials("tokens.example", dir / "config.json")->identity_token == "tok");
  CHECK(!registry_credentials("empty.example", dir / "config.json"));
  CHECK(!registry_credentials("127.0.0.1:5001", dir / "config.json"));
  CHECK(!registry_credentials("127.0.0.1:5000", dir / "none.json"));
}

TEST_CASE("a malformed config or auth is one line naming the file") {
  TempDir dir;
  write_file(dir / "config.json", "{not json");
  CHECK_THROWS_AS(registry_credentials("x.example", dir / "config.json"), RegistryAuthError);
  write_file(dir / "config.json", R"({"auths": {"x.example": {"auth": "bm9jb2xvbg=="}}})");
  try {
    registry_credentials("x.example", dir / "config.json");
    FAIL("no error");
  } catch (const RegistryAuthError& e) {
    CHECK(std::string(e.what()).find("config.json") != std::string::npos);
    CHECK(std::string(e.what()).find("user:password") != std::string::npos);
  }
}

TEST_CASE("credHelpers, then credsStore, ask the helper with the server's address on stdin") {
  HelperPath helpers;
  // Echoes what it was asked in the user name, so the test sees the address it was given.
  helpers.add(
      "echo",
      R"(read server; printf '{"ServerURL":"%s","Username":"asked %s","Secret":"s3"}' "$server" "$server")");
  helpers.add("token", R"(printf '{"Username":"<token>","Secret":"idtok"}')");
  helpers.add("none", "echo 'credentials not found in native keychain'; exit 1\n");
  helpers.add("broken", "echo 'the keyring is locked' >&2; exit 3\n");
  TempDir dir;
  write_file(dir / "config.json", R"({"credsStore": "echo",
      "credHelpers": {"tok.example": "token", "none.example": "none", "bad.example": "broken"},
      "auths": {"127.0.0.1:5000": {"auth": "dXNlcjpwYTpzcw=="}}})");
  auto file = dir / "config.json";
  // credsStore wins over auths, as in the docker CLI.
  CHECK(registry_credentials("127.0.0.1:5000", file)->username == "asked 127.0.0.1:5000");
  CHECK(registry_credentials("127.0.0.1:5000", file)->password == "s3");
  CHECK(registry_credentials("127.0.0.1:5000", file)->source == "docker-credential-echo");
  CHECK(registry_credentials("docker.io", file)->username == "asked https://index.docker.io/v1/");
  CHECK(registry_credentials("tok.example", file)->identity_token == "idtok");
  CHECK(!registry_credentials("none.example", file));
  try {
    registry_credentials("bad.example", file);
    FAIL("no error");
  } catch (const RegistryAuthError& e) {
    CHECK(std::string(e.what()) ==
          "credentials for registry bad.example: docker-credential-broken get: exit status 3: "
          "the keyring is locked");
  }
  write_file(file, R"({"credsStore": "missing-helper"})");
  CHECK_THROWS_WITH_AS(registry_credentials("x.example", file),
                       doctest::Contains("docker-credential-missing-helper"), RegistryAuthError);
}

TEST_CASE("X-Registry-Auth: base64url JSON with the server address; {} when anonymous") {
  RegistryCredentials user{"user", "pa:ss", "", "test"};
  auto header = registry_auth_header("127.0.0.1:5000", user);
  CHECK(header.find_first_of("+/") == std::string::npos);
  CHECK(decode_header(header) == nlohmann::json{{"username", "user"},
                                                {"password", "pa:ss"},
                                                {"serveraddress", "127.0.0.1:5000"}});
  RegistryCredentials token{"", "", "idtok", "test"};
  CHECK(
      decode_header(registry_auth_header("docker.io", token)) ==
      nlohmann::json{{"identitytoken", "idtok"}, {"serveraddress", "https://index.docker.io/v1/"}});
  CHECK(registry_auth_header("x.example", std::nullopt) == "e30=");
}

TEST_CASE("the docker config is found in $DOCKER_CONFIG, else under $HOME") {
  const char* saved = std::getenv("DOCKER_CONFIG");
  setenv("DOCKER_CONFIG", "/some/dir", 1);
  CHECK(docker_config_file() == std::filesystem::path("/some/dir/config.json"));
  unsetenv("DOCKER_CONFIG");
  if (std::getenv("HOME"))
    CHECK(docker_config_file() ==
          std::filesystem::path(std::getenv("HOME")) / ".docker" / "config.json");
  if (saved) setenv("DOCKER_CONFIG", saved, 1);
}
