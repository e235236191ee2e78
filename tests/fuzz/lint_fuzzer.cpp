// libFuzzer target for lib/lint: any bytes as a Dockerfile (and, after a NUL byte, as its
// .dockerignore) must give findings or a ParseError; never a crash, a hang, a sanitizer report or
// any other exception. Built and run by tests/fuzz/run (clang++), not by the g++ build.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "lint/dockerfile_parser.h"
#include "lint/lint_report.h"
#include "lint/linter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::optional<std::string_view> dockerignore;
  std::string_view dockerfile = input;
  if (size_t nul = input.find('\0'); nul != std::string_view::npos) {
    dockerfile = input.substr(0, nul);
    dockerignore = input.substr(nul + 1);
  }
  try {
    auto result = minify::lint::lint_dockerfile(dockerfile, dockerignore);
    // The outputs too: they must cope with whatever text the findings quote (invalid UTF-8).
    auto replace = nlohmann::json::error_handler_t::replace;
    (void)minify::lint::to_json(result, "Dockerfile", "fuzz").dump(-1, ' ', false, replace);
    (void)minify::lint::to_sarif(result, "Dockerfile", "fuzz").dump(-1, ' ', false, replace);
    (void)minify::lint::format_text(result, "Dockerfile");
  } catch (const minify::lint::ParseError&) {
    // refusing bad input with a line number is the contract
  }
  return 0;
}
