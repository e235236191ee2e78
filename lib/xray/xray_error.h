#pragma once
// A failure of lib/xray's own (no such image file, no pipe for the engine's export). The message is
// one line, ready to print after "minify: ". Failures of the parts it calls keep their own types:
// image::ImageError, engine::EngineError.

#include <stdexcept>

namespace minify::xray {

class XrayError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace minify::xray
