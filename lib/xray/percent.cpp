#include "xray/percent.h"

#include <cstdio>

namespace minify::xray {

std::string format_percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", fraction * 100);
  return buffer;
}

}  // namespace minify::xray
