#pragma once
// Where minify finds the sensor it copies into containers. The sensor is a separate static
// binary (it runs inside images that may have no libc), so it ships beside minify:
//   1. $MINIFY_SENSOR, when set;
//   2. `sensor` next to the minify binary (the build tree: build/minify, build/sensor);
//   3. MINIFY_SENSOR_FROM_BIN relative to the minify binary (an install: PREFIX/bin/minify finds
//      PREFIX/libexec/minify/sensor; CMake computes the relative path from GNUInstallDirs).
// The first that exists wins; when none does, the installed location is returned, so the error
// names where the sensor should be.

#include <filesystem>

namespace minify::cli {

std::filesystem::path find_sensor();

}  // namespace minify::cli
