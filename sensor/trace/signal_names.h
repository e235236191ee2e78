#pragma once
// Signal names as the engine reads an image's StopSignal (`docker stop`, moby's ParseSignal): a
// number, or a name with or without "SIG" in any case ("SIGWINCH", "winch"), real-time ones as
// "RTMIN", "RTMIN+3", "RTMAX-1", "RTMAX".

#include <optional>
#include <string_view>

namespace minify::sensor {

// The signal number, or nothing when `name` names no signal of this system.
std::optional<int> signal_number(std::string_view name);

}  // namespace minify::sensor
