#include "html/build_report_html.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "report/build_report.h"

using namespace minify;
using nlohmann::json;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The rows of the table with this id (its header row not counted).
std::size_t table_rows(const std::string& page, const std::string& id) {
  const auto start = page.find("<table id=\"" + id + "\"");
  if (start == std::string::npos) return 0;
  const auto end = page.find("</table>", start);
  return count(page.substr(start, end - start), "<tr>") - 1;
}

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// A report as lib/report writes it (schema 1), without the fields schema 2 adds.
json old_report() {
  report::BuildReport r;
  r.minify_version = "0.1.0";
  r.original = {"app:1", "sha256:aaa", 100'000'000};
  r.slim = {"app.slim:1", "sha256:bbb", 10'000'000};
  r.sensor_mode = "files";
  r.kept = {3, 2, 1, 9'000'000};
  r.image = {5000, 800, 300, 95'000'000};
  r.largest_dirs = {{"/usr/lib", 8'000'000, 100}};
  r.kept_by_reason = {{"record", 2}, {"elf", 1}};
  r.kept_paths = {"/app/server.py", "/usr/bin/python3", std::string("/data/caf\xe9")};
  report::ProbeReport p;
  p.kind = "http";
  p.name = "GET /quote";
  p.original = {true, 200, 42, "", 3.5};
  p.slim = report::ProbeRun{true, 500, 12, "", 2.0};
  r.probes = {p};
  r.verify.ran = true;
  r.verify.passed = false;
  r.verify.mismatches = {{report::VerifyRun::kSlim, 0, "GET /quote", "status 200 -> 500"}};
  r.verify.slim_logs = "Traceback <oops>";
  r.phases = {{"inspect", 0.1}, {"analysis", 2.0}, {"pack", 0.5}, {"image", 0.3}, {"verify", 1}};
  json j = report::to_json(r);
  j["schema_version"] = 1;
  for (const char* added : {"kept_files", "dropped", "filesystem", "skipped"}) j.erase(added);
  return j;
}

// The same with the fields the reasons helper adds (docs/report-schema.md).
json new_report() {
  json r = old_report();
  r["schema_version"] = 2;
  r["kept_files"] = json::array({
      {{"path", "/app/server.py"},
       {"type", "file"},
       {"bytes", 1200},
       {"reasons", {{{"kind", "read"}, {"process", "/usr/bin/python3"}}}}},
      {{"path", {{"hex", "2f646174612f636166e9"}}},
       {"type", "file"},
       {"bytes", 5},
       {"reasons", {{{"kind", "include"}, {"pattern", "/data/caf?"}}}}},
      {{"path", "/usr/bin/<b>python3</b>"},
       {"type", "file"},
       {"bytes", 8'998'795},
       {"reasons",
        {{{"kind", "executed"}}, {{"kind", "elf_interpreter"}, {"of", "/app/server.py"}}}}},
  });
  r["dropped"] = {
      {"files", 4997},
      {"bytes", 86'000'000},
      {"by_directory", {{{"path", "/usr/share"}, {"files", 4000}, {"bytes", 60'000'000}}}},
      {"largest", {{{"path", "/usr/share/big.dat"}, {"bytes", 20'000'000}}}}};
  r["filesystem"] = {{"directories",
                      {{{"path", "/"},
                        {"depth", 0},
                        {"kept_bytes", 9'000'000},
                        {"kept_files", 3},
                        {"dropped_bytes", 86'000'000},
                        {"dropped_files", 4997}},
                       {{"path", "/app"},
                        {"depth", 1},
                        {"kept_bytes", 1200},
                        {"kept_files", 1},
                        {"dropped_bytes", 0},
                        {"dropped_files", 0}},
                       {{"path", "/usr"},
                        {"depth", 1},
                        {"kept_bytes", 8'998'795},
                        {"kept_files", 1},
                        {"dropped_bytes", 86'000'000},
                        {"dropped_files", 4997}},
                       {{"path", "/usr/bin"},
                        {"depth", 2},
                        {"kept_bytes", 8'998'795},
                        {"kept_files", 1},
                        {"dropped_bytes", 6'000'000},
                        {"dropped_files", 97}},
                       {{"path", "/usr/share"},
                        {"depth", 2},
                        {"kept_bytes", 0},
                        {"kept_files", 0},
                        {"dropped_bytes", 60'000'000},
                        {"dropped_files", 4000}},
                       {{"path", {{"hex", "2f64617461e9"}}},
                        {"depth", 1},
                        {"kept_bytes", 5},
                        {"kept_files", 1},
                        {"dropped_bytes", 0},
                        {"dropped_files", 0}}}}};
  r["skipped"] = {{{"path", "/tmp/<run>"}, {"reason", "created at run time"}}};
  r["seccomp"] = {{"path", "app.json"},
                  {"arch", "SCMP_ARCH_X86_64"},
                  {"allowed", 68},
                  {"observed", 46},
                  {"engine_default", {{"allowed", 292}, {"source", "default.json"}}}};
  return r;
}

}  // namespace

TEST_CASE("the build page: sizes and ratio as the JSON says them") {
  const std::string page = html::build_report_html(new_report());
  CHECK(has(page, "<!DOCTYPE html>"));
  CHECK(has(page, "<title>minify build: app:1 -&gt; app.slim:1</title>"));
  CHECK(has(page, "id=\"original-size\" data-bytes=\"100000000\""));
  CHECK(has(page, "id=\"slim-size\" data-bytes=\"10000000\""));
  CHECK(has(page, "10.0x smaller"));
  CHECK(has(page, "<span id=\"kept-count\">3</span> kept of <span id=\"image-files\">5000</span>"));
  // Self-contained: nothing is fetched.
  CHECK_FALSE(has(page, "src=\""));
  CHECK_FALSE(has(page, "href=\"http"));
  CHECK_FALSE(has(page, "@import"));
}

TEST_CASE("the build page: the treemap has a box for each part of each directory") {
  const std::string page = html::build_report_html(new_report());
  const auto start = page.find("<svg class=\"chart treemap\"");
  REQUIRE(start != std::string::npos);
  const std::string svg = page.substr(start, page.find("</svg>", start) - start);
  // Kept: /app, /usr/bin, /data\xe9. Dropped: /usr/bin, /usr/share, and the 20 MB right in /usr
  // (86 MB under it, 66 MB in its subdirectories). /usr itself is an outline.
  CHECK(count(svg, "class=\"box s-good\"") == 3);
  CHECK(count(svg, "class=\"box s-muted\"") == 3);
  CHECK(has(svg,
            "<title>/usr (files directly in it): 0 B kept (0 files), 20.0 MB dropped (900 "
            "files)</title>"));
  CHECK(count(svg, "class=\"outline \"") >= 1);
  CHECK(has(svg, "<title>/usr/share: 0 B kept (0 files), 60.0 MB dropped (4000 files)</title>"));
  CHECK(has(svg, "/data\\xe9"));
  CHECK(has(page, "id=\"treemap-dropped\" data-bytes=\"86000000\""));
}

TEST_CASE("the build page: kept files with their reasons, names escaped, filterable") {
  const std::string page = html::build_report_html(new_report());
  CHECK(table_rows(page, "kept-files") == 3);
  CHECK(has(page, "data-filter=\"kept-files\""));
  CHECK(has(page, "<td>/data/caf\\xe9<td>file"));
  CHECK(has(page, "<td>/usr/bin/&lt;b&gt;python3&lt;/b&gt;<td>"));
  CHECK_FALSE(has(page, "<b>python3"));
  CHECK(has(page, "<td class=\"num\">1200<td><i>read process /usr/bin/python3</i>\n"));
  CHECK(has(page, "<i>executed</i><i>elf_interpreter of /app/server.py</i>"));
  CHECK(has(page, "<i>include pattern /data/caf?</i>"));
  CHECK(table_rows(page, "dropped-dirs") == 1);
  CHECK(table_rows(page, "dropped-largest") == 1);
  CHECK(table_rows(page, "skipped") == 1);
  CHECK(has(page, "<td>/tmp/&lt;run&gt;<td>created at run time\n"));
}

TEST_CASE("the build page: probes, verify's mismatch, phases and the seccomp profile") {
  const std::string page = html::build_report_html(new_report());
  CHECK(has(page, "data-verify=\"failed\""));
  CHECK(has(page, "<li>GET /quote: status 200 -&gt; 500</li>"));
  CHECK(has(page, "<pre>Traceback &lt;oops&gt;</pre>"));
  CHECK(table_rows(page, "probes") == 1);
  CHECK(has(page, "<span id=\"total-seconds\">3.9 s</span>"));
  // Phases in the pipeline's order, not the JSON object's (alphabetical) one.
  CHECK(page.find(">inspect</text>") < page.find(">analysis</text>"));
  CHECK(page.find(">pack</text>") < page.find(">image</text>"));
  CHECK(has(page,
            "<span id=\"seccomp-allowed\">68</span> syscalls (22 the runtime needs, 46 more the "
            "app made)"));
  CHECK(has(page, "292 syscalls (from default.json)"));
}

TEST_CASE("an older report: each missing part says so, the kept paths are still listed") {
  const std::string page = html::build_report_html(old_report());
  CHECK(has(page, "no filesystem summary (it was written by an older minify)"));
  CHECK(has(page, "does not list what was dropped"));
  CHECK(has(page, "no reasons for its kept files"));
  CHECK(has(page, "No seccomp profile was written"));
  CHECK(table_rows(page, "kept-files") == 3);
  CHECK(has(page, "<td>/data/caf\\xe9\n"));
  CHECK_FALSE(has(page, "chart treemap"));
}

TEST_CASE("a report of another shape draws a page, not an exception") {
  CHECK(has(html::build_report_html(json::object()), "</html>"));
  CHECK(has(html::build_report_html(json::array()), "</html>"));
  json odd = new_report();
  odd["kept_files"][0]["path"] = 12;
  odd["filesystem"]["directories"][1]["kept_bytes"] = "many";
  odd["probes"][0]["slim"] = nullptr;
  CHECK(has(html::build_report_html(odd), "</html>"));
}

TEST_CASE("report_file_name: the slim tag, made a file name") {
  CHECK(html::report_file_name("minify-fixture/python-web.slim:latest") ==
        "minify-fixture_python-web.slim_latest.minify-report.html");
  CHECK(html::report_file_name("localhost:5000/a/b:1") ==
        "localhost_5000_a_b_1.minify-report.html");
  CHECK(html::report_file_name("docker-archive:/tmp/out/slim.tar") ==
        "slim.tar.minify-report.html");
  CHECK(html::report_file_name("docker-archive:slim.tar") == "slim.tar.minify-report.html");
}
