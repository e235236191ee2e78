// Every test program runs in a private working directory, removed when it ends: what minify
// writes beside the caller by default (the HTML report, NAME.minify-report.html) stays out of the
// build tree, and no run sees an earlier one's files.

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <filesystem>

#include "support/temp_dir.h"

int main(int argc, char** argv) {
  minify::test::TempDir working_dir;
  std::filesystem::current_path(working_dir.path());
  return doctest::Context(argc, argv).run();
}
