#include "image/printable_text.h"

#include <doctest/doctest.h>

using minify::image::printable_text;

TEST_CASE("control characters are written as \\xHH; everything else passes unchanged") {
  CHECK(printable_text("usr/bin/env") == "usr/bin/env");
  CHECK(printable_text("a\x1b[2Jb\rc\nd\te") == "a\\x1b[2Jb\\x0dc\\x0ad\\x09e");
  CHECK(printable_text(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(printable_text("caf\xc3\xa9 \xe2\x9c\x93") == "caf\xc3\xa9 \xe2\x9c\x93");  // UTF-8 stays
  CHECK(printable_text("csi\xc2\x9b"
                       "2J") == "csi\\xc2\\x9b2J");  // C1 controls, in UTF-8
  CHECK(printable_text("\xc2\xa0nbsp") == "\xc2\xa0nbsp");
  CHECK(printable_text("trail\xc2") == "trail\xc2");          // invalid UTF-8 is not a control
  CHECK(printable_text("already \\x1b") == "already \\x1b");  // escaping twice changes nothing
}
