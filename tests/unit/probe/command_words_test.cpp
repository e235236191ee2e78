#include "probe/command_words.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "errors/usage_error.h"

using minify::probe::split_command;
using V = std::vector<std::string>;

TEST_CASE("commands split into words like a shell, without expansion") {
  CHECK(split_command("ls -l /data") == V{"ls", "-l", "/data"});
  CHECK(split_command("  a   b  ") == V{"a", "b"});
  CHECK(split_command("echo 'a b' \"c d\"") == V{"echo", "a b", "c d"});
  CHECK(split_command("echo '$HOME' \"\\\"x\\\\\"") == V{"echo", "$HOME", "\"x\\"});
  CHECK(split_command("a\\ b c''d") == V{"a b", "cd"});
  CHECK(split_command("x ''") == V{"x", ""});
  CHECK(split_command("").empty());
}

TEST_CASE("unterminated quotes are errors") {
  CHECK_THROWS_AS(split_command("echo 'a"), minify::UsageError);
  CHECK_THROWS_AS(split_command("echo \"a"), minify::UsageError);
  CHECK_THROWS_AS(split_command("echo a\\"), minify::UsageError);
}
