#pragma once
// Names for what a test creates on the engine or on disk that cannot collide with another run.

#include <string>
#include <string_view>

namespace minify::test {

// "<prefix>-<pid of this test process>".
std::string unique_name(std::string_view prefix);

}  // namespace minify::test
