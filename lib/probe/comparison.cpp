#include "probe/comparison.h"

#include <algorithm>

namespace minify::probe {
namespace {

std::string first_difference(const std::string& a, const std::string& b) {
  auto at = static_cast<std::size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first -
                                     a.begin());
  return "output differs at byte " + std::to_string(at) + " (" + std::to_string(a.size()) + " -> " +
         std::to_string(b.size()) + " bytes)";
}

}  // namespace

std::vector<Mismatch> compare_runs(const std::vector<ProbeResult>& original,
                                   const std::vector<ProbeResult>& slim,
                                   const CompareOptions& options) {
  std::vector<Mismatch> mismatches;
  std::size_t common = std::min(original.size(), slim.size());
  for (std::size_t i = 0; i < common; ++i) {
    const ProbeResult& a = original[i];
    const ProbeResult& b = slim[i];
    if (a.answered != b.answered) {
      mismatches.push_back({i, a.name,
                            b.answered ? "answered only on the slim image"
                                       : "no answer from the slim image: " + b.error});
    } else if (a.status != b.status) {
      mismatches.push_back(
          {i, a.name, "status " + std::to_string(a.status) + " -> " + std::to_string(b.status)});
    } else if (a.output != b.output && !(options.ignore_body && a.kind == ProbeKind::kHttp)) {
      mismatches.push_back({i, a.name, first_difference(a.output, b.output)});
    }
  }
  for (std::size_t i = common; i < original.size(); ++i)
    mismatches.push_back({i, original[i].name, "not run on the slim image"});
  for (std::size_t i = common; i < slim.size(); ++i)
    mismatches.push_back({i, slim[i].name, "run only on the slim image"});
  return mismatches;
}

}  // namespace minify::probe
