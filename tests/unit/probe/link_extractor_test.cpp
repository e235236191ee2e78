#include "probe/link_extractor.h"

#include <doctest/doctest.h>

using namespace minify::probe;
using V = std::vector<std::string>;

TEST_CASE("links are the href and src attributes") {
  auto links = extract_links(
      "<a href=\"/about\">x</a> <img src='logo.png'> <a HREF=next?a=1&amp;b=2>n</a>"
      "<div data-href=\"/no\"></div>");
  CHECK(links == V{"/about", "logo.png", "next?a=1&b=2"});
}

TEST_CASE("only same-origin links are followed, resolved against the page") {
  const char* me = "127.0.0.1:8080";
  CHECK(same_origin_path("/", "/about", me) == "/about");
  CHECK(same_origin_path("/docs/index.html", "page.html", me) == "/docs/page.html");
  CHECK(same_origin_path("/docs/a/", "../b", me) == "/docs/b");
  CHECK(same_origin_path("/", "../../etc", me) == "/etc");
  CHECK(same_origin_path("/a", "b#frag", me) == "/b");
  CHECK(same_origin_path("/a", "?page=2", me) == "/a?page=2");
  CHECK(same_origin_path("/", "http://127.0.0.1:8080/x", me) == "/x");
  CHECK(same_origin_path("/", "http://localhost:8080", me) == "/");
  CHECK(same_origin_path("/", "//127.0.0.1:8080/y", me) == "/y");
  CHECK_FALSE(same_origin_path("/", "http://example.com/x", me));
  CHECK_FALSE(same_origin_path("/", "http://127.0.0.1:9090/x", me));
  CHECK_FALSE(same_origin_path("/", "https://127.0.0.1:8080/x", me));
  CHECK_FALSE(same_origin_path("/", "mailto:a@b", me));
  CHECK_FALSE(same_origin_path("/", "javascript:void(0)", me));
  CHECK_FALSE(same_origin_path("/", "#top", me));
}
