#include "engine/registry_messages.h"

#include <doctest/doctest.h>

#include <vector>

#include "engine/engine_error.h"

using namespace minify::engine;

TEST_CASE("progress messages reach the sink, whatever the chunks' boundaries") {
  const std::string stream =
      "{\"status\":\"Pulling from team/app\",\"id\":\"1\"}\r\n"
      "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1024,\"total\":4096},"
      "\"id\":\"a1b2c3d4e5f6\"}\n"
      "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}\n"
      "{\"status\":\"Digest: sha256:0123\"}\n";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, stream.size()}) {
    std::vector<RegistryProgress> seen;
    RegistryMessages messages("pull 'x'", [&](const RegistryProgress& p) { seen.push_back(p); });
    for (std::size_t at = 0; at < stream.size(); at += chunk)
      messages.feed(std::string_view(stream).substr(at, chunk));
    messages.finish();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0].status == "Pulling from team/app");
    CHECK(seen[1].id == "a1b2c3d4e5f6");
    CHECK(seen[1].current == 1024);
    CHECK(seen[1].total == 4096);
    CHECK(seen[2].status == "Pull complete");
    CHECK(seen[3].id.empty());
  }
}

TEST_CASE("a push's aux message gives the digest; a last line without newline is read") {
  RegistryMessages messages("push 'x'", {});
  messages.feed("{\"status\":\"Pushed\",\"id\":\"abc\"}\n");
  messages.feed("{\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:feed\",\"Size\":528}}");
  CHECK(messages.digest().empty());
  messages.finish();
  CHECK(messages.digest() == "sha256:feed");
}

TEST_CASE("the registry's refusal in the stream is thrown with its words, typed") {
  auto thrown = [](std::string line) -> EngineError {
    RegistryMessages messages("push '127.0.0.1:5000/app:1'", {});
    try {
      messages.feed(line + "\n");
    } catch (const EngineError& e) {
      return e;
    }
    FAIL("no error for " << line);
    return EngineError(ErrorKind::kProtocol, "");
  };
  EngineError denied =
      thrown(R"({"errorDetail":{"message":"unauthorized: authentication required"},)"
             R"("error":"unauthorized: authentication required"})");
  CHECK(denied.kind() == ErrorKind::kPermissionDenied);
  CHECK(std::string(denied.what()) ==
        "push '127.0.0.1:5000/app:1': unauthorized: authentication required");
  CHECK(denied.engine_message() == "unauthorized: authentication required");
  CHECK(thrown(R"({"errorDetail":{"message":"manifest unknown: manifest unknown"}})").kind() ==
        ErrorKind::kNotFound);
  CHECK(thrown(R"({"error":"Get \"http://127.0.0.1:1/v2/\": connection refused"})").kind() ==
        ErrorKind::kEngineFailure);
}

TEST_CASE("a line that is not JSON is a protocol error, not a silent success") {
  RegistryMessages messages("pull 'x'", {});
  CHECK_THROWS_AS(messages.feed("<html>502 Bad Gateway</html>\n"), EngineError);
}
