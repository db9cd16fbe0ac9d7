// Predicate evaluation alone, by the reference interpreter: ns per event for
// every rule of a set, on events already parsed. The baseline the JIT's
// figures are measured against (issue: compiled predicates >= 5x faster).

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "bench/common/rule_sets.h"
#include "compiler/interp/interpreter.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"

namespace alert {
namespace {

void Run(benchmark::State& state, const std::string& rules_text, bool optimize) {
  const diag::Source source("bench.alert", rules_text);
  sema::CheckResult checked = sema::CheckSource(source);
  if (checked.diagnostics.HasErrors()) {
    state.SkipWithError("rules did not check");
    return;
  }
  std::vector<checked::Rule> rules;
  for (auto& r : checked.rules) rules.push_back(optimize ? opt::Optimize(std::move(r)) : std::move(r));
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;
  for (const auto& r : rules) interpreters.push_back(std::make_unique<interp::Interpreter>(r));

  const std::vector<std::string> texts = bench::GeneratedEvents(256);
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<simdjson::dom::element> events;
  for (const auto& t : texts) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    events.push_back(parsers.back()->parse(t).value());
  }
  size_t i = 0, matches = 0;
  for (auto _ : state) {
    const simdjson::dom::element event = events[i++ % events.size()];
    for (const auto& interpreter : interpreters) matches += interpreter->Matches(event);
  }
  benchmark::DoNotOptimize(matches);
  state.counters["rules"] = static_cast<double>(rules.size());
  state.counters["ns_per_rule"] = benchmark::Counter(static_cast<double>(state.iterations() * rules.size()),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations());
}

void BM_Interp_Generated(benchmark::State& state) {
  Run(state, bench::GeneratedRules(static_cast<int>(state.range(0))), false);
}
BENCHMARK(BM_Interp_Generated)->RangeMultiplier(10)->Range(1, 1000);

void BM_InterpOpt_Generated(benchmark::State& state) {
  Run(state, bench::GeneratedRules(static_cast<int>(state.range(0))), true);
}
BENCHMARK(BM_InterpOpt_Generated)->RangeMultiplier(10)->Range(1, 1000);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
