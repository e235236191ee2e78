#include "probe/volatile_text.h"

#include <doctest/doctest.h>

#include <string>

using minify::probe::printable;
using minify::probe::VolatileText;

TEST_CASE("identical samples make an exact template") {
  auto t = VolatileText::learn("hello world", "hello world");
  CHECK(t.gaps() == 0);
  CHECK_FALSE(t.mismatch("hello world"));
  auto m = t.mismatch("hello there");
  REQUIRE(m);
  CHECK(m->starts_with("differs at byte 6 (11 -> 11 bytes)"));
  CHECK(m->find("original \"hello world\" slim \"hello there\"") != std::string::npos);
  CHECK(t.mismatch("hello world!"));
  CHECK(t.mismatch("hello"));
}

TEST_CASE("times, uptimes and ids vary; the text around them must not") {
  auto t = VolatileText::learn("up 9 s, id=ab12cd, at Tue 13:20:01\n",
                               "up 10 s, id=ffe001, at Tue 13:20:02\n");
  CHECK(t.gaps() == 3);
  CHECK_FALSE(t.mismatch("up 11 s, id=0000aa, at Tue 13:20:03\n"));
  CHECK_FALSE(t.mismatch("up 100 s, id=0a, at Tue 13:20:59\n"));
  CHECK(t.mismatch("up 11 s, id=0000aa, at Wed 13:20:03\n"));  // the day was the same twice
  CHECK(t.mismatch("up 11 s, at Tue 13:20:03\n"));             // a field is missing
  CHECK(t.mismatch("Internal Server Error\n"));
}

TEST_CASE("a time varies as a whole: the minute two answers shared may change in a third") {
  auto t = VolatileText::learn("<p>at 2026-12-01T13:20:01.123456 ok</p>",
                               "<p>at 2026-12-01T13:20:01.904521 ok</p>");
  CHECK_FALSE(t.mismatch("<p>at 2026-12-02T09:05:59.000001 ok</p>"));
  CHECK(t.mismatch("<p>at 2026-12-02T09:05:59.000001 failed</p>"));
  CHECK(t.mismatch("<p>on 2026-12-02T09:05:59.000001 ok</p>"));
}

TEST_CASE("a gap does not swallow a long stretch of other text") {
  auto t =
      VolatileText::learn("<p>id 3f9a</p><footer>ok</footer>", "<p>id 77b0</p><footer>ok</footer>");
  std::string long_error(200, 'E');
  CHECK(t.mismatch("<p>id " + long_error + "</p><footer>ok</footer>"));
  CHECK_FALSE(t.mismatch("<p>id 12345678</p><footer>ok</footer>"));
}

TEST_CASE("a base64 token may change its punctuation") {
  auto t = VolatileText::learn("token: aB+c/dEf=\n", "token: xYz12aQr=\n");
  CHECK_FALSE(t.mismatch("token: q/w+e/rT=\n"));
}

TEST_CASE("large, wholly different samples still give a template, the middle one gap") {
  std::string a(50'000, 'a'), b(50'000, 'b');
  std::string first, second;
  for (int i = 0; i < 5000; ++i) {
    first += std::to_string(i) + " ";
    second += std::to_string(i * 7) + ",";
  }
  auto t = VolatileText::learn("head " + first + " tail", "head " + second + " tail");
  CHECK(t.gaps() >= 1);
  CHECK_FALSE(t.mismatch("head " + first + " tail"));
  CHECK(t.mismatch("nothing alike"));
}

TEST_CASE("printable escapes control bytes, quotes and non-ASCII") {
  CHECK(printable("a\nb\t\"c\"\x01\xc3\xa9") == "a\\nb\\t\\\"c\\\"\\x01\\xc3\\xa9");
}
