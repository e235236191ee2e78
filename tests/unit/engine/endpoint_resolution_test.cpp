#include "engine/endpoint_resolution.h"

#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "engine/docker_context.h"
#include "errors/usage_error.h"
#include "support/temp_dir.h"

using minify::engine::Endpoint;
using minify::engine::EndpointEnvironment;
using minify::engine::EndpointFlags;
using minify::engine::resolve_endpoint;
using minify::test::TempDir;

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A context as `docker context create` stores it: meta.json, and TLS files when `tls`.
void add_context(const fs::path& config, const std::string& name, const std::string& host,
                 bool tls = false, bool skip_verify = false) {
  std::string folder = minify::engine::context_folder_name(name);
  write(config / "contexts/meta" / folder / "meta.json",
        R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")" + host +
            R"(","SkipTLSVerify":)" + (skip_verify ? "true" : "false") + "}}}");
  if (!tls) return;
  for (const char* file : {"ca.pem", "cert.pem", "key.pem"})
    write(config / "contexts/tls" / folder / "docker" / file, "pem");
}

std::string error_of(const EndpointFlags& flags, const EndpointEnvironment& env) {
  try {
    resolve_endpoint(flags, env);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "resolved";
}

}  // namespace

TEST_CASE("the store's folder is the SHA-256 of the context's name") {
  // As `docker context create myctx` made it on this machine.
  CHECK(minify::engine::context_folder_name("myctx") ==
        "b7dd5ada797513b6d710c626fc86ceafdc1747c4c4375a2213c763d9060c1720");
}

TEST_CASE("the order: flags, DOCKER_HOST, DOCKER_CONTEXT, currentContext, default") {
  TempDir config;
  add_context(config.path(), "flagged", "tcp://10.0.0.1:2375");
  add_context(config.path(), "env", "tcp://10.0.0.2:2375");
  add_context(config.path(), "current", "ssh://me@10.0.0.3");
  write(config / "config.json", R"({"auths":{},"currentContext":"current"})");
  EndpointEnvironment env;
  env.docker_config = config.path().string();

  auto resolved = [&](const EndpointFlags& flags) { return resolve_endpoint(flags, env); };
  CHECK(resolved({}).endpoint.uri() == "ssh://me@10.0.0.3");
  CHECK(resolved({}).chosen_by == "context 'current' from " + (config / "config.json").string());

  env.docker_context = "env";
  CHECK(resolved({}).endpoint.uri() == "tcp://10.0.0.2:2375");
  CHECK(resolved({}).chosen_by == "context 'env' from DOCKER_CONTEXT");

  env.docker_host = "unix:///run/user/1000/docker.sock";
  CHECK(resolved({}).endpoint.uri() == "unix:///run/user/1000/docker.sock");
  CHECK(resolved({}).chosen_by == "DOCKER_HOST");

  CHECK(resolved({"tcp://10.0.0.9:2375", ""}).endpoint.uri() == "tcp://10.0.0.9:2375");
  CHECK(resolved({"tcp://10.0.0.9:2375", ""}).chosen_by == "-H");
  CHECK(resolved({"", "flagged"}).endpoint.uri() == "tcp://10.0.0.1:2375");
  CHECK(resolved({"", "flagged"}).chosen_by == "context 'flagged' from --context");
  CHECK(error_of({"tcp://10.0.0.9:2375", "flagged"}, env) ==
        "conflicting options: either specify --host or --context, not both");
  CHECK_THROWS_AS(resolve_endpoint({"tcp://10.0.0.9:2375", "flagged"}, env), minify::UsageError);

  // The context named "default" is the socket, whatever the store says.
  env.docker_host.clear();
  env.docker_context = "default";
  CHECK(resolved({}).endpoint.uri() == "unix:///var/run/docker.sock");

  // No DOCKER_CONFIG: $HOME/.docker.
  EndpointEnvironment home;
  home.home = config.path().string();
  CHECK(home.config_dir() == config.path() / ".docker");
  CHECK(resolve_endpoint({}, home).chosen_by == "default");
}

TEST_CASE("an unknown context names itself and where it was looked for") {
  TempDir config;
  EndpointEnvironment env;
  env.docker_config = config.path().string();
  env.docker_context = "nope";
  std::string error = error_of({}, env);
  CHECK(error.find("docker context 'nope' not found") != std::string::npos);
  CHECK(error.find(config.path().string()) != std::string::npos);

  env.docker_context.clear();
  write(config / "config.json", R"({"currentContext":"gone"})");
  error = error_of({}, env);
  CHECK(error.find("'gone' not found") != std::string::npos);
  CHECK(error.find("current context in " + (config / "config.json").string()) != std::string::npos);

  write(config / "config.json", "{not json");
  CHECK(error_of({}, env).find("is not valid JSON") != std::string::npos);
}

TEST_CASE("a context's TLS files come from the store, 2376 by default") {
  TempDir config;
  add_context(config.path(), "secure", "tcp://engine.example", true);
  add_context(config.path(), "skip", "tcp://engine.example:2376", false, true);
  EndpointEnvironment env;
  env.docker_config = config.path().string();
  // DOCKER_TLS_VERIFY is for the default context only: a context carries its own TLS.
  env.docker_tls_verify = "1";

  Endpoint secure = resolve_endpoint({"", "secure"}, env).endpoint;
  REQUIRE(secure.tls);
  CHECK(secure.port == 2376);
  CHECK(secure.tls->verify);
  fs::path tls_dir =
      config / "contexts/tls" / minify::engine::context_folder_name("secure") / "docker";
  CHECK(secure.tls->ca == (tls_dir / "ca.pem").string());
  CHECK(secure.tls->cert == (tls_dir / "cert.pem").string());
  CHECK(secure.tls->key == (tls_dir / "key.pem").string());
  CHECK(secure.describe() == "tcp://engine.example:2376 (TLS, client certificate)");

  Endpoint skip = resolve_endpoint({"", "skip"}, env).endpoint;
  REQUIRE(skip.tls);
  CHECK_FALSE(skip.tls->verify);
  CHECK(skip.tls->cert.empty());
}

TEST_CASE("DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the docker CLI reads them") {
  TempDir certs;
  EndpointEnvironment env;
  env.docker_config = (certs / "config").string();
  env.docker_host = "tcp://127.0.0.1";

  CHECK_FALSE(resolve_endpoint({}, env).endpoint.tls);
  CHECK(resolve_endpoint({}, env).endpoint.port == 2375);

  env.docker_tls_verify = "1";
  env.docker_cert_path = certs.path().string();
  std::string error = error_of({}, env);
  CHECK(error.find("DOCKER_TLS_VERIFY is set for tcp://127.0.0.1:2376") != std::string::npos);
  CHECK(error.find((certs / "ca.pem").string() + " (DOCKER_CERT_PATH) does not exist") !=
        std::string::npos);

  write(certs / "ca.pem", "pem");
  Endpoint no_client = resolve_endpoint({}, env).endpoint;
  REQUIRE(no_client.tls);
  CHECK(no_client.tls->ca == (certs / "ca.pem").string());
  CHECK(no_client.tls->cert.empty());

  write(certs / "cert.pem", "pem");
  CHECK(error_of({}, env).find("has cert.pem without key.pem") != std::string::npos);
  write(certs / "key.pem", "pem");
  CHECK(resolve_endpoint({}, env).endpoint.tls->key == (certs / "key.pem").string());

  // No DOCKER_CERT_PATH: the config folder.
  env.docker_cert_path.clear();
  CHECK(error_of({}, env).find((certs / "config" / "ca.pem").string() + " (the config folder)") !=
        std::string::npos);

  // DOCKER_TLS alone: TLS, the engine's certificate not verified, no CA needed.
  env.docker_tls_verify.clear();
  env.docker_tls = "1";
  Endpoint unverified = resolve_endpoint({}, env).endpoint;
  REQUIRE(unverified.tls);
  CHECK_FALSE(unverified.tls->verify);

  // TLS settings mean nothing to a unix socket.
  env.docker_host = "unix:///var/run/docker.sock";
  CHECK_FALSE(resolve_endpoint({}, env).endpoint.tls);
}
