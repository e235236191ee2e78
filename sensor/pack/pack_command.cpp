#include "pack/pack_command.h"

#include <iostream>

namespace minify::sensor {

int run_pack_command(const std::vector<std::string>& /*args*/) {
  std::cerr << "sensor pack: not built yet\n";
  return 1;
}

}  // namespace minify::sensor
