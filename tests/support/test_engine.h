#pragma once
// The engine the integration tests set up and check with, and the guard that removes a container
// a test made on every way out of its scope.

#include <string>

#include "engine/engine_client.h"

namespace minify::test {

// minify's client of the engine the environment names (DOCKER_HOST, else the default socket),
// made on first use and kept for the test process.
engine::EngineClient& test_engine();

// Removes the container (forced, with its volumes) when the scope ends, however it ends; a
// container that cannot be removed is a warning on stderr, not an exception.
class ContainerGuard {
 public:
  explicit ContainerGuard(std::string id) : id_(std::move(id)) {}
  ~ContainerGuard();
  ContainerGuard(const ContainerGuard&) = delete;
  ContainerGuard& operator=(const ContainerGuard&) = delete;
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

}  // namespace minify::test
