#pragma once
// Comparing the probes of two runs, the original image (under the sensor) and the slim image,
// knowing what the original varies by itself: a second answer of the original to the same probes
// (`again`) shows which statuses, headers and stretches of output change from run to run, and
// only a slim answer that differs in some other way is a mismatch.

#include <cstddef>
#include <string>
#include <vector>

#include "probe/probe_result.h"

namespace minify::probe {

struct CompareOptions {
  bool ignore_body = false;  // --verify-ignore-body: compare HTTP statuses only
};

struct Mismatch {
  std::size_t index =
      0;             // the probe's position in the runs (in `original`, or `slim` if only there)
  std::string name;  // the probe's name
  // "status 200 -> 500", "no answer: ...", "output differs at byte 12 (...): original "..." slim
  // "..."", "header Content-Type: text/html -> text/plain"
  std::string what;
};

// Pairs results by position (every run made the same probes in the same order). `again[i]`, when
// present, is the original's second answer to probe i (it may be shorter than `original`, or
// empty: those probes are compared exactly). A slim answer matches when it answered as the
// original did, with a status and the compared headers that one of the original's answers had,
// and an output that fits what both original answers share (VolatileText). Extra or missing
// results are mismatches too.
std::vector<Mismatch> compare_runs(const std::vector<ProbeResult>& original,
                                   const std::vector<ProbeResult>& again,
                                   const std::vector<ProbeResult>& slim,
                                   const CompareOptions& options);

}  // namespace minify::probe
