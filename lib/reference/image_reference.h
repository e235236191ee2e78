#pragma once
// An image reference, [domain/]path[:tag][@digest], split and normalised by the rules the Docker
// engine applies (github.com/distribution/reference, normalize.go): the first component is a
// domain only when it holds a '.' or a ':', is "localhost", or is not lowercase; otherwise the
// domain is Docker Hub's, "docker.io", which "index.docker.io" also names; a one-component path on
// Docker Hub is an official image under "library/". So "app", "app:latest", "docker.io/app" and
// "index.docker.io/library/app:latest" are one image name, "docker.io/library/app:latest".
// (registry-1.docker.io is NOT an alias there: the engine keeps it as a distinct name.)

#include <stdexcept>
#include <string>
#include <string_view>

namespace minify::reference {

inline constexpr std::string_view kDockerHub = "docker.io";
inline constexpr std::string_view kDefaultTag = "latest";

// A reference the engine would refuse; what() says why, naming the reference.
class ReferenceError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ImageReference {
  std::string domain;  // "docker.io" for Docker Hub, however it was named
  std::string path;    // "library/python", "distroless/static-debian12"
  std::string tag;     // empty when none is given
  std::string digest;  // "sha256:...", empty when none is given

  bool on_docker_hub() const { return domain == kDockerHub; }
  // The path as `docker images` shows it: "python" for docker.io/library/python.
  std::string familiar_path() const;
  // The last path component: "static-debian12" for "distroless/static-debian12".
  std::string short_name() const;
  // The fully qualified name the engine stores: "docker.io/library/python:latest" (the default
  // tag added when there is neither a tag nor a digest). Two references name the same image tag
  // exactly when their canonical() are equal.
  std::string canonical() const;
};

// Splits and normalises as above without judging the characters: for text that may be only
// partly a reference (a Dockerfile's FROM line with variables). The path is lowercased.
ImageReference split_image_reference(std::string_view text);

// Splits and normalises as above, and throws ReferenceError for anything the engine refuses:
// an empty or over-long name (255 bytes), an upper-case path, a component or tag or digest that
// breaks the grammar, a bare 64-hex id (an image id, not a name).
ImageReference parse_image_reference(std::string_view text);

}  // namespace minify::reference
