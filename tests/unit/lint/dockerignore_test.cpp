#include "lint/dockerignore.h"

#include <doctest/doctest.h>

#include "lint/glob_match.h"

using namespace minify::lint;

TEST_CASE("glob matching: * and ? stay in a segment, ** spans them") {
  CHECK(glob_match("*.pyc", "a.pyc"));
  CHECK_FALSE(glob_match("*.pyc", "dir/a.pyc"));
  CHECK(glob_match("**/*.pyc", "dir/sub/a.pyc"));
  CHECK(glob_match("**/*.pyc", "a.pyc"));
  CHECK_FALSE(glob_match("**/foo", "xfoo"));
  CHECK(glob_match("/tmp/*", "/tmp/x.tar.gz"));
  CHECK(glob_match("file?.[ch]", "file1.c"));
  CHECK_FALSE(glob_match("file?.[!ch]", "file1.c"));
  CHECK(glob_match(std::string(200, '*') + "a", std::string(5000, 'b') + "a"));
}

TEST_CASE(".dockerignore: parents, negation, last match wins") {
  Dockerignore ignore(
      "# comment\n"
      "/.git/\n"
      "node_modules\n"
      "**/__pycache__\n"
      "*\n"
      "!src\n"
      "src/secret.txt\n");
  CHECK(ignore.excludes(".git"));
  CHECK(ignore.excludes(".git/config"));
  CHECK(ignore.excludes("app/__pycache__"));
  CHECK(ignore.excludes("README.md"));
  CHECK_FALSE(ignore.excludes("src/main.py"));
  CHECK(ignore.excludes("src/secret.txt"));
  CHECK_FALSE(Dockerignore("").excludes(".git"));
}
