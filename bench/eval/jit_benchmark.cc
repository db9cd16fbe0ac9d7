// Compiled predicates against the reference interpreter, on the same rules
// and events: ns per event for every rule of a set, and compile time per rule.

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "bench/common/rule_sets.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"

namespace alert {
namespace {

std::vector<checked::Rule> Rules(const std::string& text, bool optimize = true) {
  const diag::Source source("bench.alert", text);
  auto checked = sema::CheckSource(source);
  std::vector<checked::Rule> rules;
  for (auto& r : checked.rules) rules.push_back(optimize ? opt::Optimize(std::move(r)) : std::move(r));
  return rules;
}

struct Events {
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<simdjson::dom::element> docs;
  Events() {
    for (const auto& t : bench::GeneratedEvents(256)) {
      parsers.push_back(std::make_unique<simdjson::dom::parser>());
      docs.push_back(parsers.back()->parse(t).value());
    }
  }
};

std::string RuleText(int64_t range) {
  return range == 0 ? bench::SpecExamples() : bench::GeneratedRules(static_cast<int>(range));
}

void Counters(benchmark::State& state, size_t rules) {
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["ns_per_rule"] = benchmark::Counter(static_cast<double>(state.iterations() * rules),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The interpreter: every rule's `when`, reading its paths from the event.
void BM_Eval_Interp(benchmark::State& state) {
  const std::vector<checked::Rule> rules = Rules(RuleText(state.range(0)), false);
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;
  for (const auto& r : rules) interpreters.push_back(std::make_unique<interp::Interpreter>(r));
  Events events;
  size_t i = 0, matches = 0;
  for (auto _ : state) {
    const auto event = events.docs[i++ % events.docs.size()];
    for (const auto& it : interpreters) matches += it->Matches(event);
  }
  benchmark::DoNotOptimize(matches);
  Counters(state, rules.size());
}

// The JIT, predicate alone: slots already filled for the event.
void BM_Eval_Jit(benchmark::State& state) {
  auto jit = jit::CreateJit();
  auto batch = jit::Compile(**jit, Rules(RuleText(state.range(0))));
  Events events;
  const size_t slots = (*batch)->slot_count();
  std::vector<Value> filled(events.docs.size() * slots);
  for (size_t e = 0; e < events.docs.size(); ++e) (*batch)->FillSlots(events.docs[e], filled.data() + e * slots);
  std::vector<uint8_t> matched((*batch)->rules().size());
  size_t i = 0;
  for (auto _ : state) {
    const size_t e = i++ % events.docs.size();
    (*batch)->Run(filled.data() + e * slots, events.docs[e], matched.data());
    benchmark::DoNotOptimize(matched.data());
  }
  Counters(state, matched.size());
  state.counters["native"] = static_cast<double>((*batch)->native_tests());
  state.counters["fallback"] = static_cast<double>((*batch)->fallback_tests());
}

// The JIT including the slot reads from the DOM (each distinct path once).
void BM_Eval_JitWithSlots(benchmark::State& state) {
  auto jit = jit::CreateJit();
  auto batch = jit::Compile(**jit, Rules(RuleText(state.range(0))));
  Events events;
  std::vector<uint8_t> matched((*batch)->rules().size());
  std::vector<Value> scratch;
  size_t i = 0;
  for (auto _ : state) {
    (*batch)->Evaluate(events.docs[i++ % events.docs.size()], matched.data(), &scratch);
    benchmark::DoNotOptimize(matched.data());
  }
  Counters(state, matched.size());
}

// Compile time (lowering, the IR pipeline, machine code, linking) per rule: a batch of
// `range(0)` rules compiled as one, at JitOptions::opt_level `range(1)`.
void BM_Compile_Batch(benchmark::State& state) {
  jit::JitOptions options;
  options.opt_level = static_cast<int>(state.range(1));
  auto jit = jit::CreateJit(options);
  const std::string text = bench::GeneratedRules(static_cast<int>(state.range(0)));
  size_t rules = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<checked::Rule> checked = Rules(text);
    rules = checked.size();
    state.ResumeTiming();
    auto batch = jit::Compile(**jit, std::move(checked));
    benchmark::DoNotOptimize(batch);
  }
  // Seconds per rule, printed with its unit (e.g. 250us).
  state.counters["per_rule"] = benchmark::Counter(static_cast<double>(rules),
                                                  benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Range 0 is the spec examples; others are generated sets of that size.
BENCHMARK(BM_Eval_Interp)->Arg(0)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_Eval_Jit)->Arg(0)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_Eval_JitWithSlots)->Arg(0)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_Compile_Batch)
    ->Args({1, 0})
    ->Args({1000, 0})
    ->Args({1000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
