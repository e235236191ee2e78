// Lint must take time linear in the Dockerfile, whatever its shape (issue 13: a chain of 2,000
// stages took minutes). Held here without a clock: the variable cursor's steps are counted while
// every rule runs, and must stay a small multiple of the instructions. tests/bench/lint_bench.sh
// measures the seconds.

#include <doctest/doctest.h>

#include <string>

#include "lint/dockerfile_parser.h"
#include "lint/lint_context.h"
#include "lint/rules.h"

using namespace minify::lint;

namespace {

// FROM s(n-1) AS s(n) with ENV, ARG, RUN and COPY: each stage inherits every ENV before it.
std::string chain_of_stages(int stages) {
  std::string text = "FROM debian:12 AS s0\n";
  for (int i = 1; i < stages; ++i) {
    std::string n = std::to_string(i);
    text += "FROM s" + std::to_string(i - 1) + " AS s" + n + "\nARG A" + n + "=a\nENV V" + n +
            "=value" + n + " CGO_ENABLED=0\nRUN pip install p" + n + " && npm install\nCOPY f" + n +
            " /f" + n + "\nUSER app\n";
  }
  return text;
}

// What every rule costs the variable cursor on `text`, per instruction.
double steps_per_instruction(const std::string& text) {
  Dockerfile file = parse_dockerfile(text);
  LintContext ctx(file, std::nullopt);
  check_all(ctx);
  size_t instructions = 0;
  for (const auto& stage : file.stages) instructions += stage.instructions.size();
  return static_cast<double>(ctx.variable_steps()) / static_cast<double>(instructions);
}

}  // namespace

TEST_CASE("a chain of stages costs the variable cursor a constant per instruction") {
  double small = steps_per_instruction(chain_of_stages(200));
  // Recomputing every ancestor stage grows with the chain (and takes cubic time on the larger).
  REQUIRE(small < 10);
  double large = steps_per_instruction(chain_of_stages(2000));
  CHECK(large < 10);
  CHECK(large <= small * 1.2);
}

TEST_CASE("ENV lines in one stage: the cursor hands out its variables, never a copy") {
  std::string text = "FROM debian:12\n";
  for (int i = 0; i < 2000; ++i) {
    text += "ENV V" + std::to_string(i) + "=x\nRUN pip install p" + std::to_string(i) + "\n";
  }
  CHECK(steps_per_instruction(text) < 10);
  Dockerfile file = parse_dockerfile(text);
  LintContext ctx(file, std::nullopt);
  const Variables& early = ctx.variables_before(0, 3);
  CHECK(early.size() == 1);
  const Variables& late = ctx.variables_before(0, 4000);
  CHECK(&early == &late);  // the same cursor, moved on: no map of 2,000 copied per RUN
  CHECK(late.size() == 2000);
}
