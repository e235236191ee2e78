#include "engine/load_messages.h"

#include <doctest/doctest.h>

#include "engine/engine_error.h"

using namespace minify::engine;

TEST_CASE("loaded names and ids are read from the engine's message stream") {
  LoadResult r = parse_load_messages(
      "{\"stream\":\"Loaded image: app:1\\n\"}\r\n"
      "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"x\"}\n"
      "{\"stream\":\"Loaded image: registry:5000/team/app:latest\\n\"}\n"
      "{\"stream\":\"Loaded image ID: sha256:0123abcd\\n\"}\n");
  CHECK(r.names == std::vector<std::string>{"app:1", "registry:5000/team/app:latest"});
  CHECK(r.ids == std::vector<std::string>{"sha256:0123abcd"});
}

TEST_CASE("one stream message may hold several lines") {
  LoadResult r = parse_load_messages(R"({"stream":"Loaded image: a:1\nLoaded image: b:2\n"})");
  CHECK(r.names == std::vector<std::string>{"a:1", "b:2"});
}

TEST_CASE("an error message in the stream is thrown with the engine's words") {
  try {
    parse_load_messages(
        "{\"stream\":\"Loaded image: a:1\\n\"}\n"
        "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\n");
    FAIL("no error");
  } catch (const EngineError& e) {
    CHECK(e.kind() == ErrorKind::kBadRequest);
    CHECK(std::string(e.what()) == "load image: unexpected EOF");
    CHECK(e.engine_message() == "unexpected EOF");
  }
}

TEST_CASE("an answer that is not JSON is a protocol error") {
  CHECK_THROWS_AS(parse_load_messages("<html>oops</html>"), EngineError);
  CHECK(parse_load_messages("").names.empty());
}
