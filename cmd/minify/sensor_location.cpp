#include "minify/sensor_location.h"

#include <cstdlib>

namespace minify::cli {

std::filesystem::path find_sensor() {
  if (const char* env = std::getenv("MINIFY_SENSOR"); env && *env) return env;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "sensor";
  const auto beside = self.parent_path() / "sensor";
  if (std::filesystem::is_regular_file(beside, ec)) return beside;
  return (self.parent_path() / MINIFY_SENSOR_FROM_BIN / "sensor").lexically_normal();
}

}  // namespace minify::cli
