#include "lint/shell_command.h"

#include <doctest/doctest.h>

using namespace minify::lint;

TEST_CASE("a script is cut into commands at operators, with quotes removed") {
  auto c = split_shell_commands(
      "DEBIAN_FRONTEND=noninteractive apt-get install -y \"curl\" && rm -rf /var/lib/apt/lists/* ; "
      "echo 'a && b' || true\n"
      "curl -fsSL https://x | sudo sh -s -- 2>&1 > /tmp/log");
  REQUIRE(c.size() == 6);
  CHECK(c[0].assignments == std::vector<std::string>{"DEBIAN_FRONTEND=noninteractive"});
  CHECK(c[0].words == std::vector<std::string>{"apt-get", "install", "-y", "curl"});
  CHECK(c[1].words == std::vector<std::string>{"rm", "-rf", "/var/lib/apt/lists/*"});
  CHECK(c[2].words == std::vector<std::string>{"echo", "a && b"});
  CHECK(c[4].words == std::vector<std::string>{"curl", "-fsSL", "https://x"});
  CHECK(c[4].piped_to_next);
  CHECK(program_words(c[5]) == std::vector<std::string>{"sh", "-s", "--"});
  CHECK(c[5].redirect_targets == std::vector<std::string>{"1", "/tmp/log"});
}

TEST_CASE("reserved words, subshells and command substitution do not hide commands") {
  auto c = split_shell_commands(
      "if true; then /usr/bin/apt-get update; fi; (cd /x && make) ; X=$(curl -s u)");
  std::vector<std::string> programs;
  for (const auto& cmd : c) {
    auto w = program_words(cmd);
    if (!w.empty()) programs.push_back(w[0]);
  }
  CHECK(programs == std::vector<std::string>{"true", "apt-get", "cd", "make", "curl"});
}

TEST_CASE("comments and escaped newlines") {
  auto c = split_shell_commands("echo a # not a command && rm -rf /\necho b \\\n  c");
  REQUIRE(c.size() == 2);
  CHECK(c[0].words == std::vector<std::string>{"echo", "a"});
  CHECK(c[1].words == std::vector<std::string>{"echo", "b", "c"});
}
