#include "lint/lint_report.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "lint/rule_catalog.h"

using namespace minify::lint;

namespace {

LintResult sample() {
  return lint_dockerfile(
      "FROM python:3.12\n"
      "ENV API_TOKEN=abc\n"
      "# minify-ignore: DF010\n"
      "RUN apt-get update && apt-get install -y curl \\\n"
      "  && pip install flask\n",
      std::nullopt);
}

}  // namespace

TEST_CASE("JSON output follows the documented schema") {
  LintResult r = sample();
  auto j = nlohmann::json::parse(to_json(r, "app/Dockerfile", "0.1.0").dump());
  CHECK(j["schema_version"] == 1);
  CHECK(j["tool"]["name"] == "minify");
  CHECK(j["file"] == "app/Dockerfile");
  REQUIRE(j["findings"].is_array());
  REQUIRE(j["findings"].size() == r.findings.size());
  bool saw_lists = false;
  for (const auto& f : j["findings"]) {
    for (const char* key : {"rule_id", "rule_name", "severity", "line", "end_line", "message",
                            "fix", "bytes_estimate"})
      CHECK_MESSAGE(f.contains(key), key);
    if (f["rule_id"] == "DF006") {
      saw_lists = true;
      CHECK(f["line"] == 4);
      CHECK(f["end_line"] == 5);
      CHECK(f["severity"] == "warning");
      CHECK(f["rule_name"] == "apt-lists-not-removed");
      CHECK(f["bytes_estimate"]["low"] == 20'000'000);
      CHECK(f["bytes_estimate"]["basis"].is_string());
    }
  }
  CHECK(saw_lists);
  CHECK(j["summary"]["total"] == r.findings.size());
  CHECK(j["summary"]["error"] == 1);
  CHECK(j["summary"]["suppressed"] == 1);
  CHECK(j["summary"]["bytes_estimate_high"].get<std::uint64_t>() >= 40'000'000u);
}

TEST_CASE("SARIF output is SARIF 2.1.0 with rules, levels and locations") {
  LintResult r = sample();
  auto s = nlohmann::json::parse(to_sarif(r, "my app/Dockerfile", "0.1.0").dump());
  CHECK(s["version"] == "2.1.0");
  CHECK(s["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(s["runs"].size() == 1);
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  CHECK(run["tool"]["driver"]["name"] == "minify");
  REQUIRE(rules.size() == rule_catalog().size());
  for (const auto& rule : rules) {
    CHECK(rule["id"].get<std::string>().starts_with("DF"));
    CHECK(rule["shortDescription"]["text"].is_string());
    CHECK(rule["help"]["text"].is_string());
    std::string level = rule["defaultConfiguration"]["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
  }
  REQUIRE(run["results"].size() == r.findings.size());
  for (const auto& result : run["results"]) {
    std::string id = result["ruleId"];
    CHECK(rules[result["ruleIndex"].get<size_t>()]["id"] == id);
    CHECK(result["message"]["text"].is_string());
    const auto& loc = result["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == "my%20app/Dockerfile");
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
    if (id == "DF020") CHECK(result["level"] == "error");
    if (id == "DF014") CHECK(result["level"] == "note");
  }
}

TEST_CASE("text output: one block per finding and a summary line") {
  std::string text = format_text(sample(), "Dockerfile");
  CHECK(text.find("Dockerfile:2: error DF020 secret-in-env: ") != std::string::npos);
  CHECK(text.find("Dockerfile:4: warning DF006 apt-lists-not-removed: ") != std::string::npos);
  CHECK(text.find("    fix: end this RUN with && rm -rf /var/lib/apt/lists/*") !=
        std::string::npos);
  CHECK(text.find("    size: 20 MB-40 MB (") != std::string::npos);
  CHECK(text.find("1 silenced by minify-ignore") != std::string::npos);
  CHECK(format_text(lint_dockerfile("FROM scratch\nCOPY app /app\nUSER 1\n", std::nullopt), "D") ==
        "D: no findings\n");
}

TEST_CASE("human_bytes") {
  CHECK(human_bytes(999) == "999 B");
  CHECK(human_bytes(20'000'000) == "20 MB");
  CHECK(human_bytes(1'100'000'000) == "1.1 GB");
}
