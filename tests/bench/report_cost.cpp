// Benchmark: what the report's reasons, dropped list and treemap cost, step by step, on a real
// image's filesystem (an exported root directory) and the report of a real `minify build` of it.
// The record is rebuilt from the report's kept files (their record reasons), so the closure is the
// build's. Prints the median wall time of each step in ms, and the sizes; asserts nothing.
//
// usage: bench_report_cost ROOT_DIR REPORT.json [RUNS]   (tests/bench/report_cost.sh makes both)
//
// Steps that existed before the reasons (closure, image walk) are printed for scale; the cost the
// reasons add is the summary's assembly, its larger JSON (written in the pack container, read on
// the host) and the report's larger JSON.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "analysis/summary.h"
#include "byte_names/name_json.h"
#include "protocol/pack_summary.h"
#include "record/record.h"
#include "report/build_report.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace minify;

double median_ms(int runs, const std::function<void()>& step) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    step();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

record::Record record_of(const nlohmann::json& report) {
  record::Record r;
  r.mode = "files";
  r.complete = true;
  for (const auto& f : report.at("kept_files")) {
    std::uint32_t ops = 0;
    for (const auto& reason : f.at("reasons")) {
      if (reason["kind"] == "read") ops |= record::kRead;
      if (reason["kind"] == "executed") ops |= record::kExec;
      if (reason["kind"] == "stat") ops |= record::kStat;
      if (reason["kind"] == "written_dir") ops |= record::kStat;
    }
    if (ops != 0) r.paths.push_back({byte_names::name_from_json(f.at("path")), ops, 0, {}});
  }
  return r;
}

// What lib/pipeline does with the summary (a copy: each run takes its own).
report::BuildReport report_of(protocol::PackSummary summary) {
  report::BuildReport r;
  report::add_pack_summary(r, std::move(summary));
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_report_cost ROOT_DIR REPORT.json [RUNS]\n");
    return 2;
  }
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  nlohmann::json built = nlohmann::json::parse(std::ifstream(argv[2]));
  analysis::DirectoryRoot root(argv[1]);
  const record::Record record = record_of(built);

  analysis::KeepSet keep;
  std::vector<analysis::ImageEntry> image;
  protocol::PackSummary summary;
  std::string summary_text;
  protocol::PackSummary read_back;
  std::string report_text;
  const double closure =
      median_ms(runs, [&] { keep = analysis::close_keep_set(root, record, {}); });
  const double walk = median_ms(runs, [&] { image = analysis::image_entries(root); });
  const double assemble = median_ms(runs, [&] { summary = analysis::pack_summary(keep, image); });
  const double write = median_ms(runs, [&] { summary_text = summary.to_json().dump(); });
  const double read = median_ms(runs, [&] {
    read_back = protocol::PackSummary::from_json(nlohmann::json::parse(summary_text));
  });
  const double render =
      median_ms(runs, [&] { report_text = report::to_json(report_of(read_back)).dump(2); });

  std::printf("kept %zu entries, dropped %zu, treemap %zu directories (median of %d runs)\n",
              summary.kept_files.size(), summary.dropped.entries.size(), summary.filesystem.size(),
              runs);
  std::printf("  before the reasons too: closure %.1f ms, image walk %.1f ms (beside the tar)\n",
              closure, walk);
  std::printf("  summary assembly      %8.1f ms  (pack container)\n", assemble);
  std::printf("  summary JSON write    %8.1f ms  (pack container, %zu bytes)\n", write,
              summary_text.size());
  std::printf("  summary JSON read     %8.1f ms  (host)\n", read);
  std::printf("  report JSON (fields)  %8.1f ms  (host, %zu bytes, only with --report/--json)\n",
              render, report_text.size());
  std::printf("  added in all          %8.1f ms\n", assemble + write + read + render);
  return 0;
}
