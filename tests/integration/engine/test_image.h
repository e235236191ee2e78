#pragma once
// What the engine tests stand on: a tiny FROM-scratch image made here (one static program and a
// text file, a tests/support ScratchImage) and containers from it; the engine client and the
// guard that removes them are tests/support's (test_engine.h).

#include <string>
#include <vector>

#include "engine/engine_client.h"

namespace minify::engine::testing {

// The labels every container and image of these tests carries.
nlohmann::json test_labels();

// The test image (made on first use, removed at exit): /prog (the static test program, also the
// entrypoint), /etc/greeting.txt ("hello from minify\n"), /tmp. Labelled minify and minify.test.
const std::string& test_image();

// Creates a labelled container from the test image running `/prog <args...>`.
std::string create_test_container(const std::vector<std::string>& args, bool tty = false);

}  // namespace minify::engine::testing
