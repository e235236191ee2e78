#include "probe/comparison.h"

#include <algorithm>

#include "probe/volatile_text.h"

namespace minify::probe {
namespace {

std::string header_value(const std::vector<std::string>& headers, const std::string& name) {
  for (const auto& h : headers)
    if (h.starts_with(name + ": ")) return h.substr(name.size() + 2);
  return "(none)";
}

// The first compared header the slim answer carries differently from both original answers.
std::string header_difference(const ProbeResult& a, const ProbeResult& again,
                              const ProbeResult& b) {
  for (const char* name : {"Content-Type", "Location"}) {
    std::string want = header_value(a.headers, name);
    std::string also = header_value(again.headers, name);
    std::string got = header_value(b.headers, name);
    if (got != want && got != also)
      return "header " + std::string(name) + ": " + printable(want) + " -> " + printable(got);
  }
  return {};
}

}  // namespace

std::vector<Mismatch> compare_runs(const std::vector<ProbeResult>& original,
                                   const std::vector<ProbeResult>& again,
                                   const std::vector<ProbeResult>& slim,
                                   const CompareOptions& options) {
  std::vector<Mismatch> mismatches;
  std::size_t common = std::min(original.size(), slim.size());
  for (std::size_t i = 0; i < common; ++i) {
    const ProbeResult& a = original[i];
    // Without a second answer, the first one is all the original showed: compared exactly.
    const ProbeResult& a2 = i < again.size() && again[i].answered == a.answered ? again[i] : a;
    const ProbeResult& b = slim[i];
    if (a.answered != b.answered) {
      mismatches.push_back({i, a.name,
                            b.answered ? "answered only on the slim image"
                                       : "no answer from the slim image: " + b.error});
      continue;
    }
    if (b.status != a.status && b.status != a2.status) {
      mismatches.push_back(
          {i, a.name, "status " + std::to_string(a.status) + " -> " + std::to_string(b.status)});
      continue;
    }
    bool http = a.kind == ProbeKind::kHttp;
    if (options.ignore_body && http) continue;
    if (http) {
      if (std::string what = header_difference(a, a2, b); !what.empty()) {
        mismatches.push_back({i, a.name, std::move(what)});
        continue;
      }
    }
    if (b.output == a.output || b.output == a2.output) continue;
    if (auto what = VolatileText::learn(a.output, a2.output).mismatch(b.output))
      mismatches.push_back({i, a.name, "output " + *what});
  }
  for (std::size_t i = common; i < original.size(); ++i)
    mismatches.push_back({i, original[i].name, "not run on the slim image"});
  for (std::size_t i = common; i < slim.size(); ++i)
    mismatches.push_back({i, slim[i].name, "run only on the slim image"});
  return mismatches;
}

}  // namespace minify::probe
