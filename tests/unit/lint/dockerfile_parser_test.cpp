#include "lint/dockerfile_parser.h"

#include <doctest/doctest.h>

using namespace minify::lint;

namespace {

const Instruction& only_instruction(const Dockerfile& f, size_t i) {
  REQUIRE(f.stages.size() == 1);
  REQUIRE(f.stages[0].instructions.size() > i);
  return f.stages[0].instructions[i];
}

int error_line(std::string_view text) {
  try {
    parse_dockerfile(text);
  } catch (const ParseError& e) {
    return e.line();
  }
  return 0;
}

}  // namespace

TEST_CASE(
    "instructions keep their keyword (any case) and physical lines; comments are not "
    "instructions") {
  auto f = parse_dockerfile(
      "# a comment\n"
      "from debian:12-slim\n"
      "\n"
      "  # indented comment\n"
      "Run echo hi\n"
      "cmd [\"/bin/true\"]\n");
  REQUIRE(f.stages[0].instructions.size() == 3);
  CHECK(f.stages[0].instructions[0].keyword == "FROM");
  CHECK(f.stages[0].instructions[0].line == 2);
  CHECK(f.stages[0].instructions[1].keyword == "RUN");
  CHECK(f.stages[0].instructions[1].line == 5);
  CHECK(f.stages[0].instructions[1].text == "echo hi");
  CHECK(f.stages[0].instructions[1].comments == std::vector<std::string>{"indented comment"});
  CHECK(f.stages[0].instructions[2].line == 6);
}

TEST_CASE("line continuations join lines; comment and blank lines inside are skipped") {
  auto f = parse_dockerfile(
      "FROM debian:12-slim\n"
      "RUN apt-get update \\\n"
      "    # minify-ignore: DF006\n"
      "\n"
      "    && apt-get install -y curl \\  \n"
      "    && echo done\n"
      "USER 1\n");
  const auto& run = only_instruction(f, 1);
  CHECK(run.line == 2);
  CHECK(run.end_line == 6);
  CHECK(run.text == "apt-get update     && apt-get install -y curl     && echo done");
  CHECK(run.comments == std::vector<std::string>{"minify-ignore: DF006"});
  CHECK(only_instruction(f, 2).line == 7);
}

TEST_CASE("CRLF line endings and a byte order mark are read like plain LF") {
  auto f = parse_dockerfile(
      "\xEF\xBB\xBF"
      "FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\n");
  CHECK(only_instruction(f, 1).text == "echo a   b");
  CHECK(only_instruction(f, 1).end_line == 3);
}

TEST_CASE("parser directives: escape and syntax, only at the very top") {
  SUBCASE("a backtick escape continues lines and leaves backslashes alone") {
    auto f = parse_dockerfile(
        "# escape=`\n"
        "# syntax=docker/dockerfile:1\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "RUN dir c:\\ `\n"
        "    && echo ok\n");
    CHECK(f.escape == '`');
    CHECK(f.syntax == "docker/dockerfile:1");
    CHECK(only_instruction(f, 1).text == "dir c:\\     && echo ok");
  }
  SUBCASE("after an instruction or a comment a directive is just a comment") {
    auto f = parse_dockerfile("# hello\n# escape=`\nFROM alpine:3.20\nRUN a \\\n  b\n");
    CHECK(f.escape == '\\');
    CHECK(only_instruction(f, 1).text == "a   b");
  }
  SUBCASE("an invalid or repeated escape is an error on its line") {
    CHECK(error_line("# escape=x\nFROM alpine\n") == 1);
    CHECK(error_line("# escape=`\n# escape=\\\nFROM alpine\n") == 2);
  }
}

TEST_CASE("exec form is a JSON array of strings; anything else is shell form") {
  auto f = parse_dockerfile(
      "FROM alpine:3.20\n"
      "RUN [\"sh\", \"-c\", \"echo \\\"x\\\"\"]\n"
      "RUN [not json\n"
      "ENTRYPOINT [\"/app\", \"--port\", \"80\"]\n"
      "CMD echo shell\n"
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
  const auto& exec = only_instruction(f, 1);
  CHECK(exec.exec_form);
  CHECK(exec.args == std::vector<std::string>{"sh", "-c", "echo \"x\""});
  CHECK_FALSE(only_instruction(f, 2).exec_form);
  CHECK(only_instruction(f, 2).text == "[not json");
  CHECK(only_instruction(f, 3).args == std::vector<std::string>{"/app", "--port", "80"});
  CHECK_FALSE(only_instruction(f, 4).exec_form);
  CHECK(only_instruction(f, 5).exec_form);
  CHECK(error_line("FROM alpine\nSHELL /bin/bash -c\n") == 2);
}

TEST_CASE("heredocs") {
  SUBCASE("RUN <<EOF: the body, and the lines it spans") {
    auto f = parse_dockerfile(
        "FROM debian:12-slim\n"
        "RUN <<EOF\n"
        "apt-get update\n"
        "apt-get install -y curl\n"
        "EOF\n"
        "USER 1\n");
    const auto& run = only_instruction(f, 1);
    REQUIRE(run.heredocs.size() == 1);
    CHECK(run.heredocs[0].delimiter == "EOF");
    CHECK(run.heredocs[0].body == "apt-get update\napt-get install -y curl\n");
    CHECK(run.heredocs[0].first_line == 3);
    CHECK(run.line == 2);
    CHECK(run.end_line == 5);
    CHECK(only_instruction(f, 2).keyword == "USER");
    CHECK(only_instruction(f, 2).line == 6);
  }
  SUBCASE("<<-EOF strips leading tabs, also from the delimiter line; a quoted delimiter is noted") {
    auto f = parse_dockerfile("FROM alpine\nRUN <<-\"END\"\n\techo $HOME\n\tEND\n");
    const auto& doc = only_instruction(f, 1).heredocs.at(0);
    CHECK(doc.strip_tabs);
    CHECK(doc.quoted);
    CHECK(doc.body == "echo $HOME\n");
  }
  SUBCASE("several heredocs in one instruction are read in order") {
    auto f = parse_dockerfile(
        "FROM alpine\n"
        "RUN <<FILE1 cat > /file1 && <<FILE2 cat > /file2\n"
        "one\n"
        "FILE1\n"
        "two\n"
        "FILE2\n"
        "CMD [\"cat\", \"/file1\"]\n");
    const auto& run = only_instruction(f, 1);
    REQUIRE(run.heredocs.size() == 2);
    CHECK(run.heredocs[0].body == "one\n");
    CHECK(run.heredocs[1].body == "two\n");
    CHECK(run.end_line == 6);
    CHECK(only_instruction(f, 2).line == 7);
  }
  SUBCASE("COPY <<EOF /path") {
    auto f = parse_dockerfile("FROM alpine\nCOPY <<EOF /etc/app.conf\nport=80\nEOF\n");
    const auto& copy = only_instruction(f, 1);
    CHECK(copy.args == std::vector<std::string>{"<<EOF", "/etc/app.conf"});
    CHECK(copy.heredocs.at(0).body == "port=80\n");
  }
  SUBCASE("<<< and << inside quotes are not heredocs") {
    auto f = parse_dockerfile("FROM alpine\nRUN cat <<< hi && echo '<<EOF'\nUSER 1\n");
    CHECK(only_instruction(f, 1).heredocs.empty());
    CHECK(only_instruction(f, 2).keyword == "USER");
  }
  SUBCASE("an unclosed heredoc is an error on the instruction's line") {
    CHECK(error_line("FROM alpine\n\nRUN <<EOF\necho hi\n") == 3);
  }
}

TEST_CASE("flags: --mount, --from, --platform, --chown; values unquoted") {
  auto f = parse_dockerfile(
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
      "RUN --mount=type=cache,target=/root/.cache/go-build --network=none go build -o /app\n"
      "FROM scratch\n"
      "COPY --from=build --chown=\"65534:65534\" --link /app /app\n");
  REQUIRE(f.stages.size() == 2);
  CHECK(f.stages[0].name == "build");
  CHECK(f.stages[0].platform == "$BUILDPLATFORM");
  CHECK(f.stages[0].base == "golang:1.22");
  const auto& run = f.stages[0].instructions[1];
  REQUIRE(run.flags.size() == 2);
  CHECK(run.flag("mount")->value == "type=cache,target=/root/.cache/go-build");
  CHECK(run.flag("network")->value == "none");
  CHECK(run.text == "go build -o /app");
  const auto& copy = f.stages[1].instructions[1];
  CHECK(copy.flag("from")->value == "build");
  CHECK(copy.flag("chown")->value == "65534:65534");
  CHECK(copy.flag("link") != nullptr);
  CHECK_FALSE(copy.flag("link")->value.has_value());
  CHECK(copy.args == std::vector<std::string>{"/app", "/app"});
  CHECK(error_line("FROM alpine\nRUN --=x echo\n") == 2);
}

TEST_CASE("multi-stage: names, global ARGs, and what is refused") {
  auto f = parse_dockerfile(
      "ARG BASE=debian:12-slim\n"
      "ARG TAG\n"
      "FROM ${BASE} AS base\n"
      "FROM base AS app\n"
      "FROM app\n");
  REQUIRE(f.global_args.size() == 2);
  CHECK(f.global_args[0].pairs.at(0).key == "BASE");
  CHECK(f.global_args[0].pairs.at(0).value == "debian:12-slim");
  CHECK_FALSE(f.global_args[1].pairs.at(0).value.has_value());
  REQUIRE(f.stages.size() == 3);
  CHECK(f.stages[1].base == "base");
  CHECK(f.stages[2].name.empty());
  CHECK(f.stages[2].index == 2);

  CHECK(error_line("FROM a AS x\nFROM b AS X\n") == 2);
  CHECK(error_line("FROM a b c\n") == 1);
  CHECK(error_line("FROM a AS 1x\n") == 1);
  CHECK(error_line("# only a comment\nRUN echo\n") == 2);
  CHECK(error_line("") == 1);
  CHECK(error_line("ARG X=1\n") == 1);
}

TEST_CASE("ENV, LABEL and ARG pairs: quotes, escapes and the legacy form") {
  auto f = parse_dockerfile(
      "FROM alpine\n"
      "ENV A=1 B=\"two words\" C='single $quoted' D=esc\\ aped\n"
      "ENV LEGACY value with spaces\n"
      "LABEL org.opencontainers.image.title=\"minify test\"\n"
      "ARG V=1.0 W\n");
  const auto& env = only_instruction(f, 1);
  REQUIRE(env.pairs.size() == 4);
  CHECK(env.pairs[1].key == "B");
  CHECK(env.pairs[1].value == "two words");
  CHECK(env.pairs[2].value == "single $quoted");
  CHECK(env.pairs[3].value == "esc aped");
  CHECK(only_instruction(f, 2).pairs.at(0).value == "value with spaces");
  CHECK(only_instruction(f, 3).pairs.at(0).value == "minify test");
  CHECK(only_instruction(f, 4).pairs.size() == 2);
  CHECK(error_line("FROM alpine\nENV ONLYKEY\n") == 2);
  CHECK(error_line("FROM alpine\nENV A=\"unterminated\n") == 2);
  CHECK(error_line("FROM alpine\nENV A=1 B\n") == 2);
}

TEST_CASE("unknown instructions, missing arguments and misplaced ones are errors with their line") {
  CHECK(error_line("FROM alpine\n\nRUNN echo\n") == 3);
  CHECK(error_line("FROM alpine\nRUN\n") == 2);
  CHECK(error_line("FROM alpine\nCOPY onlyone\n") == 2);
  CHECK(error_line("FROM alpine\nONBUILD FROM x\n") == 2);
  try {
    parse_dockerfile("FROM alpine\nFOO bar\n");
    FAIL("no error");
  } catch (const ParseError& e) {
    CHECK(std::string(e.what()) == "line 2: unknown instruction 'FOO'");
    CHECK(e.message() == "unknown instruction 'FOO'");
  }
}

TEST_CASE("a trailing continuation at the end of the file ends the instruction") {
  auto f = parse_dockerfile("FROM alpine\nRUN echo \\\n");
  CHECK(only_instruction(f, 1).text == "echo");
}
