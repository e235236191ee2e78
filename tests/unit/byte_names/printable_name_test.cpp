#include "byte_names/printable_name.h"

#include <doctest/doctest.h>

using minify::byte_names::printable;

TEST_CASE("printable keeps UTF-8 text as it is") {
  CHECK(printable("/usr/bin/python3") == "/usr/bin/python3");
  CHECK(printable("F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem") ==
        "F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem");
}

TEST_CASE("control characters and bytes that are not UTF-8 become \\xNN") {
  CHECK(printable("caf\xE9") == "caf\\xe9");
  CHECK(printable("a\x1b[31mred") == "a\\x1b[31mred");  // no escape sequence reaches a terminal
  CHECK(printable("tab\there\nnew") == "tab\\x09here\\x0anew");
  CHECK(printable("del\x7F") == "del\\x7f");
  CHECK(printable("c1\xC2\x9B") == "c1\\xc2\\x9b");  // U+009B, the 8-bit CSI
  CHECK(printable("\xE2\x82") == "\\xe2\\x82");      // a truncated sequence, byte by byte
}
