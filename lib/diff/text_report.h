#pragma once
// `minify diff`'s text report, for a person: sizes and ratio, layers, counts of files added /
// removed / changed, the directories that gained and lost the most, the largest files of each
// kind, and the packages. Every text an image chose (paths, tags, package names) goes through
// byte_names::printable().

#include <ostream>

#include "diff/image_diff.h"

namespace minify::diff {

void print_text(std::ostream& out, const ImageDiff& diff);

}  // namespace minify::diff
