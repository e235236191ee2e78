#pragma once
// Comparing the probes of two runs: the original image (under the sensor) and the slim image.

#include <cstddef>
#include <string>
#include <vector>

#include "probe/probe_result.h"

namespace minify::probe {

struct CompareOptions {
  bool ignore_body = false;  // --verify-ignore-body: HTTP bodies vary run to run (times, ids)
};

struct Mismatch {
  std::size_t index =
      0;             // the probe's position in the runs (in `original`, or `slim` if only there)
  std::string name;  // the probe's name
  std::string what;  // "status 200 -> 500", "body differs at byte 12", "no answer: ..."
};

// Pairs results by position (both runs made the same probes in the same order). Compares
// whether each answered, the status, and the output (HTTP body or stdout). Extra or missing
// results are mismatches too.
std::vector<Mismatch> compare_runs(const std::vector<ProbeResult>& original,
                                   const std::vector<ProbeResult>& slim,
                                   const CompareOptions& options);

}  // namespace minify::probe
