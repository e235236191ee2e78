#include "engine/engine_error.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

#include "engine/endpoint.h"

using namespace minify::engine;

TEST_CASE("a 404 with a not-found text says which thing is missing, keeping the engine's words") {
  EngineError e = error_from_response(404, R"({"message":"No such image: nope:latest"})",
                                      "inspect image 'nope'", "image 'nope' not found");
  CHECK(e.kind() == ErrorKind::kNotFound);
  CHECK(e.http_status() == 404);
  CHECK(std::string(e.what()) == "image 'nope' not found");
  CHECK(e.engine_message() == "No such image: nope:latest");
}

TEST_CASE("other statuses give '<what we did>: <engine message>' and their kind") {
  struct Case {
    int status;
    ErrorKind kind;
  };
  for (auto [status, kind] :
       {Case{400, ErrorKind::kBadRequest}, Case{401, ErrorKind::kPermissionDenied},
        Case{403, ErrorKind::kPermissionDenied}, Case{404, ErrorKind::kNotFound},
        Case{409, ErrorKind::kConflict}, Case{422, ErrorKind::kBadRequest},
        Case{500, ErrorKind::kEngineFailure}, Case{503, ErrorKind::kEngineFailure},
        Case{302, ErrorKind::kProtocol}}) {
    CAPTURE(status);
    EngineError e =
        error_from_response(status, "{\"message\":\"it broke\\n\"}", "start container 'c'");
    CHECK(e.kind() == kind);
    CHECK(e.http_status() == status);
    CHECK(std::string(e.what()) == "start container 'c': it broke");
    CHECK(e.engine_message() == "it broke");
  }
}

TEST_CASE("a body that is not the engine's JSON is used as text, trimmed to one line") {
  EngineError e = error_from_response(502, "<html>\nBad Gateway\n</html>\n", "list images");
  CHECK(std::string(e.what()) == "list images: <html> Bad Gateway </html>");
  EngineError long_body = error_from_response(500, std::string(5000, 'x'), "load image");
  CHECK(std::string(long_body.what()).size() < 500);
}

TEST_CASE("an empty body still names the status") {
  EngineError e = error_from_response(500, "", "stop container 'c'");
  CHECK(std::string(e.what()) == "stop container 'c': the engine answered HTTP 500");
  CHECK(e.engine_message().empty());
}

TEST_CASE("connection failures say where and what to do") {
  Endpoint socket = Endpoint::parse("unix:///var/run/docker.sock");
  EngineError missing = connection_error(socket, ENOENT, "");
  CHECK(missing.kind() == ErrorKind::kUnreachable);
  CHECK(std::string(missing.what()) ==
        "cannot reach the Docker engine at unix:///var/run/docker.sock: no such socket; is "
        "dockerd running?");
  CHECK(std::string(connection_error(socket, ECONNREFUSED, "").what()) ==
        "cannot reach the Docker engine at unix:///var/run/docker.sock: connection refused; is "
        "dockerd running?");

  EngineError denied = connection_error(socket, EACCES, "");
  CHECK(denied.kind() == ErrorKind::kPermissionDenied);
  CHECK(std::string(denied.what()).find("permission denied on unix:///var/run/docker.sock") == 0);
  CHECK(std::string(denied.what()).find("'docker' group") != std::string::npos);
  CHECK(std::string(denied.what()).find("root") != std::string::npos);

  Endpoint tcp = Endpoint::parse("tcp://10.1.2.3:2375");
  CHECK(std::string(connection_error(tcp, 0, "connection failed").what()) ==
        "cannot reach the Docker engine at tcp://10.1.2.3:2375: connection failed; is dockerd "
        "running?");
}
