#include "pipeline/registry_access.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace minify;
using namespace minify::pipeline;

TEST_CASE("a pull's progress is one phase: bytes against the layers' sizes, a line per layer") {
  std::ostringstream text;
  progress::ProgressReporter progress(text, progress::Style::kPlain);
  RegistryProgressView view(progress, "pull reg:5000/app:1");
  view({"1", "Pulling from app"});
  view({"aaa", "Pulling fs layer"});
  view({"aaa", "Downloading", 1000, 4000});
  view({"bbb", "Downloading", 500, 1000});
  view({"aaa", "Downloading", 4000, 4000});
  view({"aaa", "Pull complete"});
  view({"bbb", "Already exists"});
  view.finish();
  const std::string out = text.str();
  CHECK(out.find("pull reg:5000/app:1: started") != std::string::npos);
  CHECK(out.find("pull reg:5000/app:1: aaa Pull complete\n") != std::string::npos);
  CHECK(out.find("pull reg:5000/app:1: bbb Already exists\n") != std::string::npos);
  // 4000 of aaa and 500 of bbb: the bytes each layer reached, counted once.
  CHECK(out.find("done, 4.50 kB") != std::string::npos);
}

TEST_CASE("a registry's refusal becomes one line naming the registry and the credentials used") {
  RegistryAccess anonymous{"reg:5000", std::nullopt, "e30="};
  engine::EngineError said(engine::ErrorKind::kPermissionDenied,
                           "pull 'reg:5000/app:1': unauthorized", 200, "unauthorized");
  auto e = anonymous.explain(said, "pull", "reg:5000/app:1");
  CHECK(std::string(e.what()) ==
        "pull 'reg:5000/app:1' (registry reg:5000, no credentials): "
        "unauthorized");
  CHECK(e.kind() == engine::ErrorKind::kPermissionDenied);
  RegistryAccess helper{"reg:5000",
                        engine::RegistryCredentials{"u", "p", "", "docker-credential-pass"}, ""};
  CHECK(std::string(helper.explain(said, "push", "reg:5000/app:1").what()) ==
        "push 'reg:5000/app:1' (registry reg:5000, credentials from docker-credential-pass): "
        "unauthorized");
}
