#include "support/unique_name.h"

#include <unistd.h>

namespace minify::test {

std::string unique_name(std::string_view prefix) {
  return std::string(prefix) + "-" + std::to_string(::getpid());
}

}  // namespace minify::test
