// minify explain: the chain of reasons of a kept path, what a dropped one would need, and an
// absent one, from a report as to_json writes it.

#include "report/explain.h"

#include <doctest/doctest.h>

#include "report/build_report.h"

using namespace minify::report;

namespace {

constexpr const char* kSsl = "/usr/lib/python3.11/lib-dynload/_ssl.so";

nlohmann::json report_json() {
  BuildReport r;
  r.kept_paths = {"/usr", "/usr/bin/python3.11", "/usr/lib/x86_64-linux-gnu/libssl.so.3"};
  r.kept_files = {
      {"/usr", "dir", 0, {{"parent", "/usr/lib"}}},
      {"/usr/bin/python3", "symlink", 0, {{"symlink", "/usr/bin/python3.11"}}},
      {"/usr/bin/python3.11", "file", 6'800'000, {{"executed", "/bin/sh"}}},
      {"/usr/lib", "dir", 0, {{"parent", "/usr/lib/x86_64-linux-gnu"}}},
      {"/usr/lib/x86_64-linux-gnu",
       "dir",
       0,
       {{"parent", "/usr/lib/x86_64-linux-gnu/libssl.so.3"}}},
      {kSsl, "file", 212'000, {{"read", "/usr/bin/python3.11"}}},
      {"/usr/lib/x86_64-linux-gnu/libssl.so.3",
       "file",
       688'160,
       {{"elf_library", kSsl}, {"read", "/usr/bin/python3.11"}}},
      {"/etc/passwd", "file", 839, {{"default_rule", "user and name service files"}}},
      {"/srv/static/a.css", "file", 10, {{"include", "/srv/static"}}},
      {"/loop/a", "symlink", 0, {{"symlink", "/loop/b"}}},
      {"/loop/b", "symlink", 0, {{"symlink", "/loop/a"}}},
      {"/gone", "symlink", 0, {{"symlink", "/gone-target"}}},
      {"/data/caf\xE9", "file", 5, {{"read", ""}}},
  };
  r.dropped.entries = {{"/usr/bin/perl", "file", 3'808'560},
                       {"/usr/share/doc", "dir", 0},
                       {"/usr/share/doc/README", "file", 300}};
  r.skipped = {{"/usr/share/doc/README", "excluded by --exclude /usr/share/doc"},
               {"/tmp/app.pid", "created at run time"}};
  return nlohmann::json::parse(to_json(r).dump());
}

std::string error_of(const nlohmann::json& json) {
  try {
    explain(json, "/x");
  } catch (const ExplainError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("a kept path: its reasons followed back to what the app did") {
  const auto j = report_json();
  CHECK(explain(j, "/usr/lib/x86_64-linux-gnu/libssl.so.3") ==
        "/usr/lib/x86_64-linux-gnu/libssl.so.3: kept (elf_library of "
        "/usr/lib/python3.11/lib-dynload/_ssl.so), which was kept (read by /usr/bin/python3.11)\n"
        "  file, 688 kB\n"
        "  also needed: read by /usr/bin/python3.11\n");
  CHECK(explain(j, "/usr/bin/python3") ==
        "/usr/bin/python3: kept (symlink to /usr/bin/python3.11), which was kept (executed by "
        "/bin/sh)\n  symlink\n");
  CHECK(explain(j, "/usr/") ==
        "/usr: kept (parent of /usr/lib), which was kept (parent of /usr/lib/x86_64-linux-gnu), "
        "which was kept (parent of /usr/lib/x86_64-linux-gnu/libssl.so.3), which was kept "
        "(elf_library of /usr/lib/python3.11/lib-dynload/_ssl.so), which was kept (read by "
        "/usr/bin/python3.11)\n  directory\n");
}

TEST_CASE("a kept path kept by a rule says which rule") {
  const auto j = report_json();
  CHECK(explain(j, "/etc/passwd") ==
        "/etc/passwd: kept (default_rule: user and name service files)\n  file, 839 B\n");
  CHECK(explain(j, "srv//static/a.css") ==
        "/srv/static/a.css: kept (include: --include /srv/static)\n  file, 10 B\n");
  CHECK(explain(j, "/data/caf\xE9") == "/data/caf\\xe9: kept (read)\n  file, 5 B\n");
}

TEST_CASE("a chain that loops or leads out of the slim image stops, saying so") {
  const auto j = report_json();
  CHECK(explain(j, "/loop/a") ==
        "/loop/a: kept (symlink to /loop/b), which was kept (symlink to /loop/a)\n  symlink\n");
  CHECK(explain(j, "/gone") ==
        "/gone: kept (symlink to /gone-target), which is not in the slim image\n  symlink\n");
}

TEST_CASE("a dropped path: its bytes and what would keep it") {
  const auto j = report_json();
  CHECK(explain(j, "/usr/bin/perl") ==
        "/usr/bin/perl: dropped (file, 3.81 MB)\n"
        "  nothing touched it during the probes, and no rule keeps it\n"
        "  to keep it: --include /usr/bin/perl, or add a probe that exercises it\n");
  CHECK(explain(j, "/usr/share/doc") ==
        "/usr/share/doc: dropped (directory)\n"
        "  nothing touched it during the probes, and no rule keeps it\n"
        "  to keep it: --include /usr/share/doc (with all below it), or add a probe that "
        "exercises it\n");
  CHECK(explain(j, "/usr/share/doc/README") ==
        "/usr/share/doc/README: dropped (file, 300 B)\n"
        "  the app reached it, but the build left it out: excluded by --exclude /usr/share/doc\n"
        "  to keep it: drop that --exclude\n");
}

TEST_CASE("a path in neither: not in the original image") {
  const auto j = report_json();
  CHECK(explain(j, "/nowhere") == "/nowhere: not in the original image\n");
  CHECK(explain(j, "/usr/bin/python3/x") ==
        "/usr/bin/python3/x: /usr/bin/python3 is a symlink (kept): explain the path it leads to\n");
  CHECK(explain(j, "/usr/bin/python3.11/x") ==
        "/usr/bin/python3.11/x: not in the original image\n");
  CHECK(explain(j, "/tmp/app.pid") ==
        "/tmp/app.pid: not in the original image (the app named it: created at run time)\n");
}

TEST_CASE("a report of schema 2 (before seccomp's counts changed) is explained as well") {
  nlohmann::json v2 = report_json();
  v2["schema_version"] = 2;
  CHECK(explain(v2, "/tmp/app.pid") == explain(report_json(), "/tmp/app.pid"));
}

TEST_CASE("a report explain cannot read is refused in one line") {
  CHECK(error_of(nlohmann::json::array()) ==
        "not a minify build report (minify build --json or --report)");
  nlohmann::json old = report_json();
  old["schema_version"] = 1;
  CHECK(error_of(old) ==
        "the report is of schema_version 1, which says no reasons: build again with this minify");
  nlohmann::json newer = report_json();
  newer["schema_version"] = kSchemaVersion + 1;
  CHECK(error_of(newer) == "the report is of schema_version " + std::to_string(kSchemaVersion + 1) +
                               ", newer than this minify reads (" + std::to_string(kSchemaVersion) +
                               ")");
  nlohmann::json broken = report_json();
  broken["kept_files"][0].erase("type");
  CHECK(error_of(broken).rfind("the report is malformed: ", 0) == 0);
  nlohmann::json no_dropped = report_json();
  no_dropped.erase("dropped");
  CHECK(error_of(no_dropped) == "the report has no dropped entries");
}
