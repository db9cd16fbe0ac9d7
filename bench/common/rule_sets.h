#pragma once

// Deterministic inputs shared by the benchmarks: generated rule files and
// events in the shape of SaaS audit alerts.

#include <string>
#include <vector>

namespace alert::bench {

// A file of `n` rules: ~10 % global, the rest tenant-scoped; equality filters
// on application and event type plus data-point conditions, some regexes and
// some non-singular paths.
std::string GeneratedRules(int n);

// `n` audit events (JSON text) that the generated rules read.
std::vector<std::string> GeneratedEvents(int n);

// The rule files of ../shared/spec/examples, concatenated.
std::string SpecExamples();

}  // namespace alert::bench
