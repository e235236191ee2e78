#include "compose/interpolation.h"

#include <doctest/doctest.h>

#include <map>

using namespace minify::compose;

namespace {

// SET is set, EMPTY is set and empty, anything else is unset.
const VariableLookup kVariables = [](const std::string& name) -> std::optional<std::string> {
  static const std::map<std::string, std::string> values = {{"SET", "value"},
                                                            {"EMPTY", ""},
                                                            {"TAG", "1.2"},
                                                            {"lower_case9", "lc"},
                                                            {"BYTES", "\xff\xfe"}};
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
};

std::string expand(std::string_view text) {
  return interpolate(text, kVariables).text;
}

std::string error_of(std::string_view text) {
  try {
    interpolate(text, kVariables);
  } catch (const InterpolationError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("$VAR and ${VAR}: the value, in the middle of text") {
  CHECK(expand("app:${TAG}") == "app:1.2");
  CHECK(expand("app:$TAG") == "app:1.2");
  CHECK(expand("$SET-$TAG.x") == "value-1.2.x");  // a name ends at the first non-name byte
  CHECK(expand("${lower_case9}/$lower_case9") == "lc/lc");
  CHECK(expand("no variables at all") == "no variables at all");
  CHECK(expand("") == "");
  CHECK(expand("<$BYTES>") == "<\xff\xfe>");  // bytes, not UTF-8
  CHECK(expand("\xc3(${SET}") == "\xc3(value");
}

TEST_CASE("an unset variable with no default is empty, reported once") {
  Interpolated result = interpolate("${NOPE}-$NOPE-${ALSO}-${EMPTY}", kVariables);
  CHECK(result.text == "---");
  CHECK(result.unset == std::vector<std::string>{"NOPE", "ALSO"});  // EMPTY is set
  CHECK(interpolate("${NOPE:-x}${NOPE-y}${NOPE:+z}", kVariables).unset.empty());
}

TEST_CASE("defaults: :- for unset or empty, - for unset") {
  CHECK(expand("${NOPE:-8080}") == "8080");
  CHECK(expand("${EMPTY:-8080}") == "8080");
  CHECK(expand("${SET:-8080}") == "value");
  CHECK(expand("${NOPE-8080}") == "8080");
  CHECK(expand("${EMPTY-8080}") == "");
  CHECK(expand("${SET-8080}") == "value");
  CHECK(expand("${NOPE:-}") == "");
  CHECK(expand("${NOPE:-/non:-alpha numeric?+}") == "/non:-alpha numeric?+");
}

TEST_CASE("alternatives: :+ when set and not empty, + when set") {
  CHECK(expand("${SET:+alt}") == "alt");
  CHECK(expand("${EMPTY:+alt}") == "");
  CHECK(expand("${NOPE:+alt}") == "");
  CHECK(expand("${SET+alt}") == "alt");
  CHECK(expand("${EMPTY+alt}") == "alt");
  CHECK(expand("${NOPE+alt}") == "");
}

TEST_CASE("required: :? when unset or empty, ? when unset; the message is interpolated") {
  CHECK(expand("${SET:?set it}") == "value");
  CHECK(expand("${EMPTY?set it}") == "");
  CHECK(error_of("${DB_PASSWORD:?set it}") ==
        "required variable DB_PASSWORD is missing a value: "
        "set it");
  CHECK(error_of("${EMPTY:?set it}") == "required variable EMPTY is missing a value: set it");
  CHECK(error_of("x ${NOPE?}") == "required variable NOPE is missing a value");
  CHECK(error_of("${NOPE?tag $TAG needs it}") ==
        "required variable NOPE is missing a value: tag 1.2 needs it");
}

TEST_CASE("nested: an operand is a template, evaluated only when it is taken") {
  CHECK(expand("${NOPE:-${ALSO:-x}}") == "x");
  CHECK(expand("${NOPE:-${TAG:-x}}") == "1.2");
  CHECK(expand("${NOPE:-$TAG}") == "1.2");
  CHECK(expand("${NOPE-${SET} and ${TAG}}!") == "value and 1.2!");
  CHECK(expand("${SET:+[${TAG}]}") == "[1.2]");
  CHECK(expand("${NOPE:-{x}}") == "{x}");  // the operand ends at the first '}'
  // Not taken: neither required nor warned about.
  CHECK(expand("${SET:-${MISSING:?never}}") == "value");
  CHECK(interpolate("${SET:-$UNSET_DEFAULT}", kVariables).unset.empty());
  CHECK(interpolate("${NOPE:-$UNSET_DEFAULT}", kVariables).unset ==
        std::vector<std::string>{"UNSET_DEFAULT"});
}

TEST_CASE("$$ is a literal $, and a $ that starts nothing is kept") {
  CHECK(expand("$$") == "$");
  CHECK(expand("$${SET}") == "${SET}");
  CHECK(expand("$$SET") == "$SET");
  CHECK(expand("$$$SET") == "$value");
  CHECK(expand("echo $$1 costs $5 or $") == "echo $1 costs $5 or $");
  CHECK(expand("a $ b") == "a $ b");
  CHECK(expand("${NOPE:-$$x}") == "$x");
}

TEST_CASE("a malformed or unterminated ${ is an error quoting it") {
  CHECK(error_of("${TAG") == "'${TAG' has no closing '}'");
  CHECK(error_of("app:${TAG:-latest") == "'${TAG:-latest' has no closing '}'");
  CHECK(error_of("${A:-${B}") == "'${A:-${B}' has no closing '}'");
  CHECK(error_of("line one\n${A:-x\nline three\n") == "'${A:-x' has no closing '}'");
  CHECK(error_of("${") == "'${': a variable name must follow '${'");
  CHECK(error_of("${}") == "'${}': a variable name must follow '${'");
  CHECK(error_of("${ SET}") == "'${ SET}': a variable name must follow '${'");
  CHECK(error_of("${1A}").find("a variable name must follow") != std::string::npos);
  for (const char* bad : {"${SET }", "${SET/a/b}", "${SET:x}", "${SET!}", "${SET:}"}) {
    CAPTURE(bad);
    CHECK(error_of(bad) == std::string("'") + bad +
                               "': compose knows ${NAME}, ${NAME:-default}, ${NAME-default}, "
                               "${NAME:?error}, ${NAME?error}, ${NAME:+alt} and ${NAME+alt}");
  }
  // Malformed inside an operand that is not taken is still malformed.
  CHECK(error_of("${SET:-${ bad}}").find("a variable name must follow") != std::string::npos);
}
