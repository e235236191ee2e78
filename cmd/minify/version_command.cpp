#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/engine_client.h"
#include "minify/commands.h"
#include "minify/engine_connection.h"
#include "minify/sensor_location.h"

namespace minify::cli {

// minify's own version, its sensor and the endpoint first, so they are printed even when the
// engine cannot be reached (then the engine's error goes to stderr through main and the exit
// code is kError).
void add_version_command(CLI::App& app, int& /*exit_code*/) {
  auto* cmd = app.add_subcommand("version", "Print minify's version and the Docker engine's");
  auto flags = std::make_shared<engine::EndpointFlags>();
  add_engine_flags(*cmd, *flags);
  cmd->callback([flags] {
    std::cout << "minify " << MINIFY_VERSION << std::endl;
    const auto sensor = find_sensor();
    std::error_code ec;
    std::cout << "sensor " << sensor.string()
              << (std::filesystem::is_regular_file(sensor, ec) ? ""
                                                               : " (missing: build or install it)")
              << std::endl;
    EngineConnection connection(*flags);
    std::cout << "endpoint " << connection.choice().endpoint.describe() << " (chosen by "
              << connection.choice().chosen_by << ")" << std::endl;
    engine::EngineClient client = connection.client();
    engine::EngineVersion version = client.version();
    std::cout << "engine " << engine::engine_kind_name(version.kind) << " " << version.version
              << " at " << client.endpoint().uri() << " (API " << version.api_version
              << ", minify uses " << client.api_version().to_string() << ", " << version.os << "/"
              << version.arch << ")\n";
  });
}

}  // namespace minify::cli
