// Each rule against its testdata pair: rules/<ID>.bad.Dockerfile must trigger it, the fixed
// rules/<ID>.good.Dockerfile must not (a <name>.dockerignore beside one is passed in as its
// .dockerignore). Then the cases a pair cannot show.

#include <doctest/doctest.h>

#include <algorithm>

#include "lint/dockerfile_parser.h"
#include "lint/lint_context.h"
#include "lint/rule_catalog.h"
#include "lint_testdata.h"

using namespace minify::lint;
using minify::lint::testing::read_testdata;
using minify::lint::testing::rule_ids;

namespace {

std::set<std::string> ids_of_testdata(const std::string& stem) {
  auto dockerfile = read_testdata(stem + ".Dockerfile");
  REQUIRE_MESSAGE(dockerfile.has_value(), "missing testdata " << stem << ".Dockerfile");
  auto ignore = read_testdata(stem + ".dockerignore");
  return rule_ids(*dockerfile, ignore ? std::optional<std::string_view>(*ignore) : std::nullopt);
}

const Finding* find(const LintResult& r, std::string_view id) {
  auto it = std::find_if(r.findings.begin(), r.findings.end(),
                         [&](const Finding& f) { return f.rule_id == id; });
  return it == r.findings.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("every rule fires on its bad Dockerfile and not on the fixed one") {
  for (const auto& rule : rule_catalog()) {
    std::string id(rule.id);
    CAPTURE(id);
    CHECK(ids_of_testdata("rules/" + id + ".bad").contains(id));
    CHECK_FALSE(ids_of_testdata("rules/" + id + ".good").contains(id));
  }
}

TEST_CASE("rule ids are unique and every finding carries its rule's severity, line and fix") {
  std::set<std::string_view> ids;
  for (const auto& rule : rule_catalog()) CHECK(ids.insert(rule.id).second);
  auto r =
      lint_dockerfile("FROM python:3.12\nENV API_TOKEN=abc\nRUN apt-get update\n", std::nullopt);
  const Finding* secret = find(r, "DF020");
  REQUIRE(secret);
  CHECK(secret->severity == Severity::kError);
  CHECK(secret->line == 2);
  CHECK(secret->message.find("abc") == std::string::npos);  // never repeat the secret
  CHECK_FALSE(secret->fix.empty());
  CHECK(std::is_sorted(r.findings.begin(), r.findings.end(),
                       [](const Finding& a, const Finding& b) { return a.line < b.line; }));
}

TEST_CASE("byte estimates say how they were made") {
  auto r = lint_dockerfile(
      "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
      std::nullopt);
  const Finding* lists = find(r, "DF006");
  REQUIRE(lists);
  REQUIRE(lists->bytes);
  CHECK(lists->bytes->low == 20'000'000);
  CHECK(lists->bytes->high == 40'000'000);
  CHECK_FALSE(lists->bytes->basis.empty());
  const Finding* full = find(r, "DF001");
  REQUIRE(full);
  REQUIRE(full->bytes);
  CHECK(full->bytes->low > 700'000'000);
  CHECK(full->bytes->basis.find("python:3.x-slim") != std::string::npos);
}

TEST_CASE("# minify-ignore: on the line before or inside the instruction silences only those ids") {
  auto r = lint_dockerfile(
      "FROM debian:12-slim\n"
      "# minify-ignore: DF006, df005\n"
      "RUN apt-get update && apt-get install -y curl\n"
      "RUN apt-get update \\\n"
      "  # minify-ignore: DF006\n"
      "  && true\n"
      "USER 1\n",
      std::nullopt);
  std::set<std::string> ids;
  for (const auto& f : r.findings) ids.insert(f.rule_id + "@" + std::to_string(f.line));
  CHECK_FALSE(ids.contains("DF006@3"));
  CHECK_FALSE(ids.contains("DF005@3"));
  CHECK_FALSE(ids.contains("DF006@4"));
  CHECK(ids.contains("DF014@3"));  // not listed, so still reported
  CHECK(r.suppressed == 3);
  // A blank line between the comment and the instruction breaks the link.
  CHECK(rule_ids("# minify-ignore: DF002\nFROM alpine\n").contains("DF002") == false);
  CHECK(rule_ids("# minify-ignore: DF002\n\nFROM alpine\n").contains("DF002"));
}

TEST_CASE("base images: ARG substitution decides, unknown values are not guessed") {
  CHECK(rule_ids("ARG PY=3.12\nFROM python:${PY}\n").contains("DF001"));
  CHECK_FALSE(rule_ids("ARG PY=3.12\nFROM python:${PY}-slim\n").contains("DF001"));
  CHECK_FALSE(rule_ids("ARG PY=3.12\nFROM python:${PY}\n").contains("DF002"));
  auto unknown = rule_ids("ARG TAG\nFROM python:$TAG\n");
  CHECK_FALSE(unknown.contains("DF001"));
  CHECK_FALSE(unknown.contains("DF002"));
  CHECK(rule_ids("FROM node:latest\n").contains("DF002"));
  CHECK_FALSE(rule_ids("FROM node@sha256:0123456789abcdef\n").contains("DF002"));
  CHECK_FALSE(rule_ids("FROM scratch\nCOPY app /app\nUSER 1\n").contains("DF002"));
  // Only the shipped stage's base counts as "full": a full builder is fine.
  CHECK_FALSE(
      rule_ids("FROM node:20 AS build\nRUN true\nFROM node:20-slim\nCOPY --from=build /a /a\n")
          .contains("DF001"));
  // A stage built FROM another stage inherits its base.
  CHECK(rule_ids("FROM python:3.12 AS base\nFROM base\nUSER 1\n").contains("DF001"));
}

TEST_CASE("static binaries: Rust musl and C -static are recognised, distroless is fine") {
  CHECK(rule_ids("FROM rust:1 AS b\nRUN cargo build --release --target x86_64-unknown-linux-musl\n"
                 "FROM debian:12-slim\nCOPY --from=b /t/app /app\n")
            .contains("DF003"));
  CHECK(rule_ids("FROM gcc:13 AS b\nRUN gcc -O2 -static -o /app main.c\nFROM ubuntu:24.04\nCOPY "
                 "--from=b /app /app\n")
            .contains("DF003"));
  CHECK_FALSE(rule_ids("FROM golang:1.22 AS b\nENV CGO_ENABLED=0\nRUN go build -o /app\n"
                       "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=b /app /app\n")
                  .contains("DF003"));
  // A dynamically linked Go build (cgo on) needs its libc: not flagged.
  CHECK_FALSE(rule_ids("FROM golang:1.22 AS b\nRUN go build -o /app\nFROM debian:12-slim\nCOPY "
                       "--from=b /app /app\n")
                  .contains("DF003"));
  CHECK(rule_ids("FROM golang:1.22 AS b\nENV CGO_ENABLED=0\nRUN go build -o /app\nFROM "
                 "debian:12-slim\nCOPY --from=0 /app /app\n")
            .contains("DF003"));
}

TEST_CASE("build tools: installed and removed in the same RUN is fine; a builder stage is fine") {
  CHECK_FALSE(
      rule_ids("FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev "
               "&& pip install --no-cache-dir psycopg2 && apk del .build-deps\n")
          .contains("DF004"));
  CHECK(
      rule_ids("FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\n").contains("DF004"));
  CHECK(rule_ids("FROM fedora:40\nRUN dnf install -y openssl-devel && dnf clean all\n")
            .contains("DF004"));
  CHECK_FALSE(
      rule_ids("FROM debian:12-slim AS b\nRUN apt-get install -y gcc\nFROM debian:12-slim\n")
          .contains("DF004"));
  CHECK(rule_ids("FROM maven:3-eclipse-temurin-21\nCOPY . /src\n").contains("DF004"));
  CHECK_FALSE(rule_ids("FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\n").contains("DF004"));
}

TEST_CASE("package managers in heredocs, exec form and sh -c are seen") {
  CHECK(rule_ids("FROM debian:12-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y "
                 "--no-install-recommends curl\nEOF\n")
            .contains("DF006"));
  CHECK_FALSE(rule_ids("FROM debian:12-slim\nRUN python3 <<EOF\nprint('apt-get update')\nEOF\n")
                  .contains("DF006"));
  CHECK(rule_ids("FROM debian:12-slim\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y "
                 "curl\"]\n")
            .contains("DF005"));
  CHECK(rule_ids("FROM debian:12-slim\nRUN su -c true && bash -c 'apk add curl'\n")
            .contains("DF008"));
}

TEST_CASE("caches: cache mounts and environment settings count as handled") {
  CHECK_FALSE(rule_ids("FROM debian:12-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists "
                       "apt-get update && apt-get install -y --no-install-recommends curl\n")
                  .contains("DF006"));
  CHECK_FALSE(rule_ids("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n")
                  .contains("DF010"));
  CHECK_FALSE(
      rule_ids(
          "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask\n")
          .contains("DF010"));
  CHECK(rule_ids("FROM python:3.12-slim\nRUN python3 -m pip install flask\n").contains("DF010"));
  CHECK_FALSE(
      rule_ids(
          "FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci && npm cache clean --force\n")
          .contains("DF012"));
  CHECK_FALSE(rule_ids("FROM node:20-slim\nRUN npm install -g pm2\n").contains("DF011"));
  CHECK(rule_ids("FROM node:20-slim\nRUN yarn install --frozen-lockfile\n").contains("DF012"));
  CHECK_FALSE(rule_ids("FROM node:20-slim\nRUN npm ci --omit dev && npm cache clean --force\n")
                  .contains("DF012"));
  // A cache left in a build stage does not ship.
  CHECK_FALSE(
      rule_ids("FROM debian:12-slim AS b\nRUN apt-get update\nFROM scratch\nCOPY --from=b /x /x\n")
          .contains("DF006"));
}

TEST_CASE("a later RUN that removes what an earlier layer added") {
  auto r = lint_dockerfile(
      "FROM debian:12-slim\n"
      "WORKDIR /app\n"
      "COPY . .\n"
      "RUN git clone https://github.com/example/tool.git /opt/tool && make -C /opt/tool\n"
      "USER 1\n"
      "RUN rm -rf tests /opt/tool/.git\n",
      ".git\n");
  std::vector<std::string> messages;
  for (const auto& f : r.findings)
    if (f.rule_id == "DF015") messages.push_back(f.message);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].find("/app, added at line 3") != std::string::npos);
  CHECK(messages[1].find("/opt/tool, added at line 4") != std::string::npos);
  // Removing what the same RUN downloaded is the fix, not a finding.
  CHECK_FALSE(
      rule_ids(
          "FROM debian:12-slim\nRUN wget https://x/a.tgz && tar xzf a.tgz && rm a.tgz\nRUN true\n")
          .contains("DF015"));
}

TEST_CASE("COPY . with a .dockerignore that misses what this project produces") {
  auto r = lint_dockerfile(
      "FROM node:20-slim\nCOPY . /app\nRUN npm ci --omit=dev && npm cache clean --force\n",
      ".git\n");
  const Finding* f = find(r, "DF016");
  REQUIRE(f);
  CHECK(f->message.find("node_modules") != std::string::npos);
  CHECK(f->message.find(".git") == std::string::npos);
  CHECK_FALSE(rule_ids("FROM node:20-slim\nCOPY . /app\n", "*\n!server.js\n!package*.json\n")
                  .contains("DF016"));
  CHECK_FALSE(
      rule_ids("FROM debian:12-slim AS b\nCOPY . /src\nFROM scratch\nCOPY --from=b /src/app /app\n")
          .contains("DF016"));
}

TEST_CASE("USER: root by name or uid, inherited, or a non-root base") {
  CHECK(rule_ids("FROM alpine:3.20\nUSER app\nUSER root\n").contains("DF019"));
  CHECK(rule_ids("FROM alpine:3.20\nARG U=0\nUSER $U:0\n").contains("DF019"));
  CHECK_FALSE(
      rule_ids("FROM alpine:3.20 AS base\nUSER 1000\nFROM base\nRUN true\n").contains("DF019"));
  CHECK_FALSE(rule_ids("FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /\n")
                  .contains("DF019"));
  CHECK(rule_ids("FROM alpine:3.20 AS b\nUSER 1000\nFROM alpine:3.20\nCOPY --from=b /x /x\n")
            .contains("DF019"));
}

TEST_CASE("secrets: names that are secrets and names that only look alike") {
  CHECK(rule_ids("FROM alpine\nENV AWS_SECRET_ACCESS_KEY=x\n").contains("DF020"));
  CHECK(rule_ids("FROM alpine\nENV githubToken=x\n").contains("DF020"));
  CHECK(rule_ids("FROM alpine\nENV API_KEY x\n").contains("DF020"));
  CHECK(rule_ids("ARG DB_PASSWORD\nFROM alpine\n").contains("DF021"));
  CHECK_FALSE(rule_ids("FROM alpine\nENV GPG_KEY=ABCD KEYBOARD=us TOKEN_URL=https://x "
                       "SECRET_FILE=/run/secrets/s\n")
                  .contains("DF020"));
  CHECK_FALSE(rule_ids("FROM alpine\nENV PASSWORD=\n").contains("DF020"));
}

TEST_CASE("curl | sh in its disguises") {
  CHECK(rule_ids("FROM alpine\nRUN wget -qO- https://x/install | sudo bash -s -- --yes\n")
            .contains("DF022"));
  CHECK(rule_ids("FROM alpine\nRUN sh -c \"$(curl -fsSL https://x/install.sh)\"\n")
            .contains("DF022"));
  CHECK(rule_ids("FROM alpine\nRUN bash <(curl -s https://x)\n").contains("DF022"));
  CHECK_FALSE(
      rule_ids("FROM alpine\nRUN curl -fsSL https://x/a.tgz | tar xz -C /opt\n").contains("DF022"));
}

TEST_CASE("ADD: archives are what ADD is for; remote URLs are flagged with or without --checksum") {
  CHECK_FALSE(rule_ids("FROM alpine\nADD rootfs.tar.xz /\n").contains("DF017"));
  CHECK(rule_ids("FROM alpine\nADD --checksum=sha256:abc https://x/a.tgz /a.tgz\n")
            .contains("DF018"));
  CHECK(rule_ids("FROM alpine\nADD [\"conf.d\", \"/etc/app/\"]\n").contains("DF017"));
}

TEST_CASE("consecutive RUNs: one finding per group; a RUN with --mount stands apart") {
  auto r = lint_dockerfile(
      "FROM alpine\nRUN a\nRUN b\nRUN c\nENV X=1\nRUN d\nRUN --mount=type=cache,target=/c e\n",
      std::nullopt);
  std::vector<int> lines;
  for (const auto& f : r.findings)
    if (f.rule_id == "DF014") lines.push_back(f.line);
  CHECK(lines == std::vector<int>{2});
  CHECK(find(r, "DF014")->end_line == 4);
}

TEST_CASE("parse errors reach the caller as ParseError") {
  CHECK_THROWS_AS(lint_dockerfile("FROM alpine\nBOGUS x\n", std::nullopt), ParseError);
}

TEST_CASE(
    "variables: ENV is inherited by a stage built FROM another, ARG is not, ENV wins over ARG") {
  auto file = parse_dockerfile(
      "ARG GLOBAL=g\n"
      "FROM alpine:3.20 AS base\n"
      "ARG GLOBAL\n"
      "ARG ONLY_HERE=1\n"
      "ENV KEPT=k U=1000\n"
      "ARG U=0\n"
      "USER $U\n"
      "FROM base\n"
      "RUN true\n");
  LintContext ctx(file, std::nullopt);
  auto base = ctx.variables_before(0, 5);
  CHECK(base.at("GLOBAL") == "g");
  CHECK(base.at("ONLY_HERE") == "1");
  CHECK(base.at("U") == "1000");
  auto child = ctx.variables_before(1, 1);
  CHECK(child.at("KEPT") == "k");
  CHECK_FALSE(child.contains("ONLY_HERE"));
  CHECK_FALSE(child.contains("GLOBAL"));
  CHECK_FALSE(ctx.variables_before(0, 3).contains("KEPT"));  // asking backwards starts afresh
  CHECK_FALSE(
      rule_ids("FROM golang:1.22 AS base\nARG CGO_ENABLED=0\nFROM base AS b\nRUN go build -o /app\n"
               "FROM debian:12-slim\nCOPY --from=b /app /app\n")
          .contains("DF003"));
  CHECK(
      rule_ids("FROM golang:1.22 AS base\nENV CGO_ENABLED=0\nFROM base AS b\nRUN go build -o /app\n"
               "FROM debian:12-slim\nCOPY --from=b /app /app\n")
          .contains("DF003"));
}
