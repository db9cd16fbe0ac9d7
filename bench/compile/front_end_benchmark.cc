// The front end's cost per rule: parse + check, on the spec examples and on
// generated files of 1 to 1,000 rules.

#include <benchmark/benchmark.h>

#include "bench/common/rule_sets.h"
#include "compiler/sema/check.h"

namespace alert {
namespace {

void Run(benchmark::State& state, const std::string& text) {
  const diag::Source source("bench.alert", text);
  size_t rules = 0;
  for (auto _ : state) {
    sema::CheckResult result = sema::CheckSource(source);
    if (result.diagnostics.HasErrors()) state.SkipWithError("rules did not check");
    rules = result.rules.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["per_rule"] = benchmark::Counter(static_cast<double>(rules) * state.iterations(),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_FrontEnd_SpecExamples(benchmark::State& state) { Run(state, bench::SpecExamples()); }
BENCHMARK(BM_FrontEnd_SpecExamples)->Unit(benchmark::kMicrosecond);

void BM_FrontEnd_Generated(benchmark::State& state) { Run(state, bench::GeneratedRules(static_cast<int>(state.range(0)))); }
BENCHMARK(BM_FrontEnd_Generated)->RangeMultiplier(10)->Range(1, 1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
