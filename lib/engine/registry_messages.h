#pragma once
// The answer of a pull (POST /images/create), a push (POST /images/{name}/push) or an import
// (POST /images/create?fromSrc=-): a stream of JSON messages, one a line, that the engine writes
// as the registry answers (an import's last status is the new image's id), e.g.
//   {"status":"Pulling from app","id":"1"}
//   {"status":"Downloading","progressDetail":{"current":1024,"total":4096},"id":"a1b2c3d4e5f6"}
//   {"status":"Pushed","progressDetail":{},"id":"a1b2c3d4e5f6"}
//   {"aux":{"Tag":"1-slim","Digest":"sha256:...","Size":528}}
//   {"errorDetail":{"message":"unauthorized: authentication required"},"error":"..."}
// The engine answers 200 before it talks to the registry, so the registry's refusal comes as an
// {"error": ...} message in the stream, not as an HTTP status. Pure, so it is unit-tested
// without an engine.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace minify::engine {

// One progress message: `id` names a layer (or the tag), `status` is the engine's word for it.
struct RegistryProgress {
  std::string id;
  std::string status;         // "Downloading", "Pull complete", "Pushing", "Pushed", ...
  std::uint64_t current = 0;  // bytes of this layer done, when the message says
  std::uint64_t total = 0;    // bytes of this layer, when the message says
};

using RegistryProgressSink = std::function<void(const RegistryProgress&)>;

// Reads the stream chunk by chunk (a message may be split across chunks).
class RegistryMessages {
 public:
  // `doing` names the call in errors ("pull '127.0.0.1:5000/app:1'"); `sink` may be empty.
  RegistryMessages(std::string doing, RegistryProgressSink sink);

  // Throws EngineError for an {"error": ...} message: "<doing>: <the engine's message>", of kind
  // kPermissionDenied when the registry refused the credentials, kNotFound when it has no such
  // image, else kEngineFailure; kProtocol for a line that is not JSON.
  void feed(std::string_view chunk);
  // The end of the stream: what is left is read as a last line.
  void finish();

  // The digest the registry gave a pushed manifest ("aux": {"Digest": ...}); empty until then.
  const std::string& digest() const { return digest_; }

 private:
  void take_line(std::string_view line);

  std::string doing_;
  RegistryProgressSink sink_;
  std::string pending_;
  std::string digest_;
};

}  // namespace minify::engine
