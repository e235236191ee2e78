#pragma once
// A fraction as `minify xray` shows it, in its text report and its gates' reasons alike.

#include <string>

namespace minify::xray {

// 0.94661 -> "94.7 %".
std::string format_percent(double fraction);

}  // namespace minify::xray
