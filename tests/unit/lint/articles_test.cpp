// Dockerfiles in the spirit of the well-known "slim your image" write-ups: a Node, a Python and a
// Go app, before and after. The "before" files produce exactly the findings those write-ups fix;
// the "after" files produce none.

#include <doctest/doctest.h>

#include "lint_testdata.h"

using minify::lint::testing::read_testdata;
using minify::lint::testing::rule_ids;

namespace {

std::set<std::string> lint_article(const std::string& name) {
  auto dockerfile = read_testdata("articles/" + name + ".Dockerfile");
  REQUIRE(dockerfile);
  auto ignore = read_testdata("articles/" + name + ".dockerignore");
  return rule_ids(*dockerfile, ignore ? std::optional<std::string_view>(*ignore) : std::nullopt);
}

}  // namespace

TEST_CASE("Node app: before and after") {
  CHECK(lint_article("node.before") ==
        std::set<std::string>{"DF001", "DF011", "DF012", "DF013", "DF014", "DF016", "DF019"});
  CHECK(lint_article("node.after").empty());
}

TEST_CASE("Python app: before and after") {
  CHECK(lint_article("python.before") == std::set<std::string>{"DF001", "DF004", "DF005", "DF006",
                                                               "DF010", "DF014", "DF016", "DF019",
                                                               "DF020"});
  CHECK(lint_article("python.after").empty());
}

TEST_CASE("Go app: before and after") {
  CHECK(lint_article("go.before") == std::set<std::string>{"DF004", "DF014", "DF016", "DF019"});
  CHECK(lint_article("go.after").empty());
}
