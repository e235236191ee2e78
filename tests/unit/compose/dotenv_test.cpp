#include "compose/dotenv.h"

#include <doctest/doctest.h>

#include <map>

using namespace minify::compose;

namespace {

// What minify's environment sets.
const VariableLookup kEnvironment = [](const std::string& name) -> std::optional<std::string> {
  static const std::map<std::string, std::string> values = {{"HOST_TAG", "from-env"},
                                                            {"OVERRIDDEN", "environment"}};
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
};

std::map<std::string, std::string> parse(std::string_view text) {
  return parse_dotenv(text, "/p/.env", kEnvironment).values;
}

std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const DotenvError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("KEY=VALUE lines, blank lines, comments, export, CRLF, a BOM") {
  auto values = parse(
      "\xEF\xBB\xBF"
      "# a comment\n"
      "\n"
      "TAG=1.2\n"
      "   # an indented comment\n"
      "export PORT=8080\n"
      "  SPACED  =  around  \r\n"
      "EMPTY=\n"
      "EQUALS=a=b\n"
      "exporter=x\n"
      "TAG=later wins");
  CHECK(values == std::map<std::string, std::string>{{"TAG", "later wins"},
                                                     {"PORT", "8080"},
                                                     {"SPACED", "around"},
                                                     {"EMPTY", ""},
                                                     {"EQUALS", "a=b"},
                                                     {"exporter", "x"}});
}

TEST_CASE("unquoted: an inline comment needs a blank before its #") {
  auto values = parse(
      "A=value # a comment\n"
      "B=value# not a comment\n"
      "C= # only a comment\n"
      "D=#not a comment\n"
      "E=tab\t# comment\n");
  CHECK(values["A"] == "value");
  CHECK(values["B"] == "value# not a comment");
  CHECK(values["C"] == "");
  CHECK(values["D"] == "#not a comment");
  CHECK(values["E"] == "tab");
}

TEST_CASE("single quotes are literal, double quotes unescape and interpolate") {
  auto values = parse(
      "BASE=b\n"
      "S='$BASE ${BASE} # kept \\n'\n"
      "S2='Let\\'s go!'\n"
      "D=\"{\\\"json\\\": \\\"$BASE\\\"} # kept\" # dropped\n"
      "ESC=\"a\\nb\\tc\\\\d\\re\\qf\"\n"
      "UNQ=some\\tvalue $BASE\n"
      "MULTI=\"line one\n"
      "line two\"\n"
      "AFTER=after\n");
  CHECK(values["S"] == "$BASE ${BASE} # kept \\n");
  CHECK(values["S2"] == "Let's go!");
  CHECK(values["D"] == "{\"json\": \"b\"} # kept");
  CHECK(values["ESC"] == "a\nb\tc\\d\re\\qf");
  CHECK(values["UNQ"] == "some\\tvalue b");
  CHECK(values["MULTI"] == "line one\nline two");
  CHECK(values["AFTER"] == "after");
}

TEST_CASE("interpolation: the environment first, then the entries above; bytes as they are") {
  Dotenv env = parse_dotenv(
      "OVERRIDDEN=file\n"
      "A=${OVERRIDDEN}\n"
      "B=${HOST_TAG:-x}-${LATER:-none}\n"
      "LATER=y\n"
      "C=$$literal ${MISSING}\n"
      "D=\xff\xfe${MISSING2}\n"
      "NAME_ONLY\n",
      "/p/.env", kEnvironment);
  CHECK(env.values["A"] == "environment");
  CHECK(env.values["B"] == "from-env-none");
  CHECK(env.values["C"] == "$literal ");
  CHECK(env.values["D"] == "\xff\xfe");
  CHECK_FALSE(env.values.contains("NAME_ONLY"));
  CHECK(env.unset == std::vector<std::string>{"MISSING", "MISSING2"});
}

TEST_CASE("what is not a .env entry is one line naming the file and the line") {
  CHECK(error_of("A=1\n=value\n") == "/p/.env:2: no variable name before '='");
  CHECK(error_of("MY KEY=value\n") == "/p/.env:1: variable name 'MY KEY' contains a space");
  CHECK(error_of("A=1\nB=\"open\nC=2\n") == "/p/.env:2: the value of B has no closing \"");
  CHECK(error_of("A='open") == "/p/.env:1: the value of A has no closing '");
  CHECK(error_of("A=\"x\" y\n") == "/p/.env:1: text after the closing quote of A's value");
  CHECK(error_of("\n\nA=${NEEDED:?give it}\n") ==
        "/p/.env:3: A: required variable NEEDED is missing a value: give it");
  CHECK(error_of("A=${oops\n") == "/p/.env:1: A: '${oops' has no closing '}'");
  CHECK(error_of("A='${oops'\n") == "(no error)");
}
