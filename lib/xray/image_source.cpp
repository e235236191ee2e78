#include "xray/image_source.h"

#include <cstdint>
#include <filesystem>
#include <optional>

#include "image/image_reader.h"
#include "xray/engine_export.h"
#include "xray/xray_error.h"

namespace minify::xray {

bool names_a_file(const std::string& name) {
  std::error_code error;
  if (std::filesystem::exists(name, error)) return true;
  for (const char* ending : {".tar", ".tar.gz", ".tgz", ".tar.zst"}) {
    if (name.ends_with(ending)) return true;
  }
  return name.starts_with('/') || name.starts_with('.');
}

image::Image read_named_image(const std::string& name, const ConnectEngine& connect,
                              progress::ProgressReporter& reporter) {
  image::ReadOptions options;
  std::uint64_t reported = 0;
  std::optional<progress::ProgressReporter::Phase> phase;
  options.on_progress = [&](std::uint64_t bytes) {
    phase->advance(bytes - reported);
    reported = bytes;
  };
  if (names_a_file(name)) {
    std::error_code error;
    if (!std::filesystem::exists(name, error)) throw XrayError("no such image file: " + name);
    std::optional<std::uint64_t> total;
    if (std::filesystem::is_regular_file(name, error)) total = std::filesystem::file_size(name);
    phase.emplace(reporter.begin("reading " + name, total));
    image::Image image = image::read_image_file(name, options);
    phase->finish();
    return image;
  }
  engine::EngineClient client = connect();
  nlohmann::json inspected = client.inspect_image(name);  // a clear "not found" before exporting
  std::optional<std::uint64_t> total;
  if (inspected.value("Size", std::int64_t{0}) > 0) total = inspected["Size"].get<std::uint64_t>();
  phase.emplace(reporter.begin("exporting " + name, total));
  image::Image image = read_from_engine(client, name, options);
  phase->finish();
  return image;
}

}  // namespace minify::xray
