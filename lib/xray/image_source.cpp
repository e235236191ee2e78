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

ImageName parse_image_name(const std::string& name) {
  for (std::string_view transport : {"docker-archive:", "oci-archive:", "oci:"}) {
    if (!name.starts_with(transport)) continue;
    ImageName parsed{true, name.substr(transport.size()), ""};
    std::error_code error;
    std::size_t colon = parsed.path.find(':');
    if (colon != std::string::npos && !std::filesystem::exists(parsed.path, error)) {
      parsed.reference = parsed.path.substr(colon + 1);
      parsed.path.resize(colon);
    }
    if (parsed.path.empty()) throw XrayError("'" + name + "' names no file");
    return parsed;
  }
  constexpr std::string_view kDaemon = "docker-daemon:";
  if (name.starts_with(kDaemon)) return {false, "", name.substr(kDaemon.size())};
  if (names_a_file(name)) return {true, name, ""};
  return {false, "", name};
}

image::Image read_named_image(const std::string& full_name, const ConnectEngine& connect,
                              progress::ProgressReporter& reporter,
                              const image::IndexOptions& index) {
  ImageName parsed = parse_image_name(full_name);
  const std::string& name = parsed.file ? parsed.path : parsed.reference;
  image::ReadOptions options;
  options.index = index;
  std::uint64_t reported = 0;
  std::optional<progress::ProgressReporter::Phase> phase;
  options.on_progress = [&](std::uint64_t bytes) {
    phase->advance(bytes - reported);
    reported = bytes;
  };
  if (parsed.file) {
    options.reference = parsed.reference;
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
