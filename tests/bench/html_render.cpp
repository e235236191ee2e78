// How long the HTML reports take to draw, and how big they get: `bench/bench_html_render
// [REPORT.json [PAGE.html]]` draws the build page of a synthetic report of 50,000 kept files (and
// 2,000 directories in its filesystem summary), or of the given build report, a few times, and
// prints the time of each and the page's size (and writes the page to PAGE.html, to look at). The
// report is already in hand when minify draws it: this is all the page adds to a build.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "html/build_report_html.h"

using nlohmann::json;

namespace {

json synthetic_report(std::size_t files, std::size_t directories) {
  json kept = json::array();
  for (std::size_t i = 0; i < files; ++i) {
    const std::string dir = "/usr/lib/python3/dist-packages/pkg" + std::to_string(i % 500);
    kept.push_back({{"path", dir + "/module_" + std::to_string(i) + ".py"},
                    {"type", "file"},
                    {"bytes", 1000 + i},
                    {"reasons",
                     {{{"kind", "read"}, {"process", "/usr/bin/python3"}},
                      {{"kind", "parent"}, {"of", dir + "/sub/x.py"}}}}});
  }
  json dirs = json::array({{{"path", "/"},
                            {"depth", 0},
                            {"kept_bytes", 1'000'000'000},
                            {"kept_files", files},
                            {"dropped_bytes", 2'000'000'000},
                            {"dropped_files", 100000}}});
  for (std::size_t i = 0; i < directories; ++i) {
    const std::string top = "/d" + std::to_string(i % 10);
    const std::string path = top + "/s" + std::to_string(i % 100) + "/t" + std::to_string(i);
    if (i < 10)
      dirs.push_back({{"path", top},
                      {"depth", 1},
                      {"kept_bytes", 100'000'000},
                      {"kept_files", files / 10},
                      {"dropped_bytes", 200'000'000},
                      {"dropped_files", 10000}});
    if (i < 100)
      dirs.push_back({{"path", top + "/s" + std::to_string(i % 100)},
                      {"depth", 2},
                      {"kept_bytes", 10'000'000},
                      {"kept_files", files / 100},
                      {"dropped_bytes", 20'000'000},
                      {"dropped_files", 1000}});
    dirs.push_back({{"path", path},
                    {"depth", 3},
                    {"kept_bytes", 500'000 + i},
                    {"kept_files", 25},
                    {"dropped_bytes", 1'000'000 + 7 * i},
                    {"dropped_files", 50}});
  }
  return {{"schema_version", 3},
          {"original", {{"reference", "bench:1"}, {"size", 3'000'000'000}}},
          {"slim", {{"reference", "bench.slim:1"}, {"size", 1'000'000'000}}},
          {"ratio", 0.333},
          {"kept", {{"files", files}, {"dirs", 0}, {"symlinks", 0}, {"bytes", 1'000'000'000}}},
          {"kept_files", kept},
          {"filesystem", {{"directories", dirs}}},
          {"phases_seconds", {{"inspect", 0.1}, {"analysis", 10.0}}}};
}

}  // namespace

int main(int argc, char** argv) {
  json report;
  std::string what;
  if (argc > 1) {
    std::ifstream in(argv[1]);
    std::stringstream text;
    text << in.rdbuf();
    report = json::parse(text.str());
    what = argv[1];
  } else {
    report = synthetic_report(50'000, 2'000);
    what = "synthetic: 50000 kept files, 2000 directories";
  }
  std::cout << what << "\n";
  for (int run = 0; run < 5; ++run) {
    // CPU time too: on a loaded machine the wall time says more about the neighbours.
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const std::string page = minify::html::build_report_html(report);
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("run %d: %.1f ms (%.1f ms CPU), %zu bytes (%.1f MB)\n", run + 1, ms, cpu_ms,
                page.size(), static_cast<double>(page.size()) / 1e6);
  }
  if (argc > 2) std::ofstream(argv[2]) << minify::html::build_report_html(report);
  return 0;
}
