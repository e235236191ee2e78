#pragma once
// A real registry for the registry tests: Debian's docker-registry (distribution) serving on
// 127.0.0.1 and a free port, with a config and storage of its own in a temp dir, optionally
// behind htpasswd basic auth. The engine treats 127.0.0.0/8 registries as insecure (plain HTTP)
// by default, so no certificate is needed. Stopped, and its storage removed, with the object.

#include <sys/types.h>

#include <optional>
#include <string>

#include "support/temp_dir.h"

namespace minify::test {

struct BasicAuth {
  std::string user;
  std::string password;
};

class LocalRegistry {
 public:
  // Throws std::runtime_error when docker-registry or htpasswd is missing or it does not answer.
  explicit LocalRegistry(std::optional<BasicAuth> auth = std::nullopt);
  ~LocalRegistry();
  LocalRegistry(const LocalRegistry&) = delete;
  LocalRegistry& operator=(const LocalRegistry&) = delete;

  // "127.0.0.1:PORT"
  const std::string& host() const { return host_; }
  // "127.0.0.1:PORT/<path>"
  std::string ref(const std::string& path) const { return host_ + "/" + path; }

  // Copies a local image of the engine into the registry (skopeo, with the credentials when
  // the registry has any). Throws std::runtime_error with skopeo's words.
  void put(const std::string& local_image, const std::string& path) const;

  // skopeo inspect of `path`'s manifest: its JSON, or std::nullopt when the registry has none.
  std::optional<std::string> inspect(const std::string& path) const;

 private:
  std::string creds_flag(const char* flag) const;

  TempDir dir_;
  std::optional<BasicAuth> auth_;
  std::string host_;
  pid_t pid_ = -1;
};

// A docker config directory (DOCKER_CONFIG) of the test's own, holding `config_json`.
class DockerConfigDir {
 public:
  explicit DockerConfigDir(const std::string& config_json);
  std::string path() const { return dir_.path().string(); }
  std::string env() const { return "DOCKER_CONFIG=" + path(); }

 private:
  TempDir dir_;
};

// {"auths": {"HOST": {"auth": base64("user:password")}}}
std::string auths_config(const std::string& host, const BasicAuth& auth);

}  // namespace minify::test
