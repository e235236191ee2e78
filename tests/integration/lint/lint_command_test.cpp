// `minify lint` end to end: what a CI pipeline sees (exit codes, stdout, stderr).

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace minify::test;

namespace {

const std::string kArticles = std::string(MINIFY_SOURCE_DIR) + "/tests/unit/lint/testdata/articles";

// Runs `minify ARGS` through the shell, stdout and stderr captured apart.
ProcessResult run_cli(const std::string& args) {
  return run_shell(minify_binary() + " " + args);
}

}  // namespace

TEST_CASE("a clean Dockerfile passes, a fat one fails the gate it is given") {
  // As in a project: the Dockerfile with its .dockerignore beside it.
  const TempDir temp;
  const std::filesystem::path project = temp.path();
  std::filesystem::copy_file(kArticles + "/python.after.Dockerfile", project / "Dockerfile");
  std::filesystem::copy_file(kArticles + "/python.after.dockerignore", project / ".dockerignore");
  ProcessResult clean = run_cli("lint --fail-on info " + (project / "Dockerfile").string());
  std::filesystem::remove(project / ".dockerignore");
  ProcessResult unignored = run_cli("lint --fail-on warning " + (project / "Dockerfile").string());
  CHECK(clean.status == 0);
  CHECK(clean.err.empty());
  CHECK(unignored.status == 3);  // COPY . with no .dockerignore
  CHECK(unignored.out.find("DF016") != std::string::npos);

  ProcessResult fat = run_cli("lint --fail-on warning " + kArticles + "/python.before.Dockerfile");
  CHECK(fat.status == 3);
  CHECK(fat.out.find("python.before.Dockerfile:") != std::string::npos);
  CHECK(fat.out.find("DF010") != std::string::npos);  // pip without --no-cache-dir
}

TEST_CASE("--format json and sarif are clean JSON on stdout") {
  ProcessResult json =
      run_cli("lint --format json --fail-on error " + kArticles + "/node.before.Dockerfile");
  nlohmann::json doc = nlohmann::json::parse(json.out);
  CHECK(doc["schema_version"] == 1);
  CHECK_FALSE(doc["findings"].empty());

  ProcessResult sarif = run_cli("lint --format sarif " + kArticles + "/go.before.Dockerfile");
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  CHECK(log["version"] == "2.1.0");
  CHECK_FALSE(log["runs"][0]["results"].empty());
}

TEST_CASE("a missing file and a broken Dockerfile give one line and exit 1") {
  ProcessResult missing = run_cli("lint /nonexistent/Dockerfile");
  CHECK(missing.status == 1);
  CHECK(missing.out.empty());
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

  const TempDir temp;
  const auto broken_file = temp / "Dockerfile";
  std::ofstream(broken_file) << "FROM scratch\nRUNN true\n";
  ProcessResult broken = run_cli("lint " + broken_file.string());
  CHECK(broken.status == 1);
  CHECK(broken.err.find(":2:") != std::string::npos);
}
