#pragma once
// `minify xray` for a person: the image's summary, a table of its layers, the largest files and
// directories, the wasted files and why it is fat (each cause with its fix, up to 3 examples and 5
// pieces of evidence). Long instructions and paths are cut to fit with "...".

#include <ostream>

#include "xray/xray_report.h"

namespace minify::xray {

void print_text(std::ostream& out, const XrayReport& report);

}  // namespace minify::xray
