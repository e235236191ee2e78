#include "support/test_engine.h"

#include <cstdio>

namespace minify::test {

engine::EngineClient& test_engine() {
  static engine::EngineClient engine(engine::Endpoint::from_environment());
  return engine;
}

ContainerGuard::~ContainerGuard() {
  try {
    test_engine().remove_container(id_, /*force=*/true, /*volumes=*/true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warning: could not remove test container %s: %s\n", id_.c_str(),
                 e.what());
  }
}

}  // namespace minify::test
