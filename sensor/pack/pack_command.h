#pragma once
// `sensor pack RECORD OUT.tar [options]`: runs in a fresh container of the image (one that never
// ran the app), closes the record's paths into the keep-set against the container's own root and
// writes a tar of exactly those files. Returns the process exit status.

#include <string>
#include <vector>

namespace minify::sensor {

// args: everything after "pack" on the sensor's command line.
int run_pack_command(const std::vector<std::string>& args);

}  // namespace minify::sensor
