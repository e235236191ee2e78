#include "byte_names/utf8.h"

#include <doctest/doctest.h>

using minify::byte_names::is_utf8;

TEST_CASE("well-formed UTF-8 is recognised, whatever the script") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("/usr/bin/python3"));
  CHECK(is_utf8("NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem"));
  CHECK(is_utf8("\xE2\x82\xAC"));               // U+20AC, three bytes
  CHECK(is_utf8("\xF0\x9F\x98\x80"));           // U+1F600, four bytes
  CHECK(is_utf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF, the last code point
  CHECK(is_utf8(std::string_view("a\0b", 3)));  // NUL is UTF-8 (a name cannot hold it, JSON can)
}

TEST_CASE("bytes that are not UTF-8 are refused") {
  CHECK_FALSE(is_utf8("caf\xE9"));           // Latin-1
  CHECK_FALSE(is_utf8("\x80"));              // a stray continuation byte
  CHECK_FALSE(is_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_utf8("\xE0\x80\xAF"));      // overlong, three bytes
  CHECK_FALSE(is_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  CHECK_FALSE(is_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_utf8("\xFF"));
}
