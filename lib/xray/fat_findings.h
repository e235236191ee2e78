#pragma once
// Why an image is fat: the files in its final filesystem that a known technique removes, grouped by
// cause, plus the bytes its layers ship and then delete. Judged from names and sizes alone (and
// dpkg's status, for which -dev and compiler packages are installed), never from contents.
//
// Causes, in the order a file is attributed (a file counts once, for the first that matches):
//   apt-cache    var/lib/apt/lists, var/cache/apt
//   pip-cache    .cache/pip
//   npm-cache    .npm, .cache/yarn
//   pycache      __pycache__, *.pyc
//   dockerignore .git anywhere; node_modules and tests/ brought by a COPY or ADD layer
//   toolchain    gcc, binutils, usr/include, *.h, static libraries, sanitizer runtimes
//   docs         usr/share/doc, man, info
//   locales      usr/share/locale, usr/share/i18n, usr/lib/locale
//   distro-base  the rest of the base layer, when it carries a package manager
//   wasted       bytes shipped in a layer and replaced or deleted by a later one

#include <cstddef>
#include <string>
#include <vector>

#include "image/image.h"
#include "image/merged_view.h"
#include "xray/xray_report.h"

namespace minify::xray {

// os-release's PRETTY_NAME in the final filesystem ("Debian GNU/Linux 12 (bookworm)"), or "".
std::string distro_name(const image::Image& image, const image::MergedView& view);

// Findings with bytes, largest first. `examples` holds up to `top` places per finding.
std::vector<Finding> find_fat(const image::Image& image, const image::MergedView& view,
                              std::size_t top);

}  // namespace minify::xray
