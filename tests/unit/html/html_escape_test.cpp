#include "html/html_escape.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::html;

TEST_CASE("escape: markup characters become references, text stays readable") {
  CHECK(escape("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  CHECK(escape("Főtanúsítvány.pem") == "Főtanúsítvány.pem");
  CHECK(escape("line one\nline\ttwo") == "line one\nline\ttwo");
}

TEST_CASE("escape: control characters and bytes that are not UTF-8 are shown as \\xNN") {
  CHECK(escape(std::string("caf\xe9")) == "caf\\xe9");
  CHECK(escape("\x1b[31mred") == "\\x1b[31mred");
  CHECK(escape(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(escape("\xc2\x9b") == "\\xc2\\x9b");  // C1 CSI
}

TEST_CASE("names: bytes through printable, JSON names in both forms") {
  CHECK(escape_name("/data/<b>\n") == "/data/&lt;b&gt;\\x0a");
  CHECK(name_text(nlohmann::json("/usr/bin/python3")) == "/usr/bin/python3");
  CHECK(name_text(nlohmann::json{{"hex", "2f636166e9"}}) == "/caf\\xe9");
  CHECK(name_text(nlohmann::json(42)) == "?");
  std::string out = "<td>";
  append_json_name(out, nlohmann::json{{"hex", "3c623ee9"}});
  append_json_name(out, nlohmann::json("\t&"));
  append_json_name(out, nlohmann::json::array());
  CHECK(out == "<td>&lt;b&gt;\\xe9\\x09&amp;?");
}
