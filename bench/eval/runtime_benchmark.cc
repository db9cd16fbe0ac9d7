// The per-event front of the runtime on the workload's events: parsing alone
// (simdjson on-demand, every value read: the floor; the DOM parser), and the
// two readers of the path plan (one on-demand pass over the text; a DOM parse
// then one walk over the document), for the singular paths of 1 to 1,000
// generated rules.

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <map>

#include "bench/common/ondemand_walk.h"
#include "bench/common/workload.h"
#include "compiler/sema/check.h"
#include "runtime/plan/path_plan.h"

namespace alert {
namespace {

struct Events {
  std::vector<simdjson::padded_string> docs;
  size_t bytes = 0;
  Events() {
    bench::Workload workload(7);
    for (int i = 0; i < 4096; ++i) {
      docs.emplace_back(workload.Event());
      bytes += docs.back().size();
    }
  }
};

const Events& TheEvents() {
  static const Events events;
  return events;
}

// The distinct singular paths of `n` generated rules.
std::vector<jsonpath::Query> SlotPaths(int n) {
  const diag::Source source("bench.alert", bench::Workload(11).Rules(n));
  auto checked = sema::CheckSource(source);
  std::map<std::string, jsonpath::Query> paths;
  for (const auto& rule : checked.rules) {
    for (const auto& p : rule.paths) {
      if (p.singular && !p.relative) paths.emplace(p.text, p.query);
    }
  }
  std::vector<jsonpath::Query> out;
  for (auto& [text, q] : paths) out.push_back(q);
  return out;
}

void Rates(benchmark::State& state, const Events& events) {
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * events.bytes / events.docs.size()));
}

// The floor: simdjson on-demand, every key and value of the event read.
void BM_Parse_OnDemandWalk(benchmark::State& state) {
  const Events& events = TheEvents();
  simdjson::ondemand::parser parser;
  size_t i = 0, sum = 0;
  for (auto _ : state) {
    simdjson::ondemand::document doc;
    if (!parser.iterate(events.docs[i++ % events.docs.size()]).get(doc)) sum += bench::WalkOnDemand(doc);
  }
  benchmark::DoNotOptimize(sum);
  Rates(state, events);
}
BENCHMARK(BM_Parse_OnDemandWalk);

// simdjson's DOM parser: the whole event validated and built as a tape.
void BM_Parse_Dom(benchmark::State& state) {
  const Events& events = TheEvents();
  simdjson::dom::parser parser;
  size_t i = 0, ok = 0;
  for (auto _ : state) ok += !parser.parse(events.docs[i++ % events.docs.size()]).error();
  benchmark::DoNotOptimize(ok);
  Rates(state, events);
}
BENCHMARK(BM_Parse_Dom);

// Slots by the path plan: one on-demand pass, unread sub-trees skipped.
void BM_Slots_Plan(benchmark::State& state) {
  const Events& events = TheEvents();
  const auto paths = SlotPaths(static_cast<int>(state.range(0)));
  const plan::PathPlan plan(paths);
  std::vector<Value> slots(paths.size());
  simdjson::ondemand::parser parser;
  size_t i = 0, ok = 0;
  for (auto _ : state) {
    ok += plan.Extract(parser, events.docs[i++ % events.docs.size()], slots.data()) == plan::PathPlan::Outcome::kExtracted;
  }
  benchmark::DoNotOptimize(ok);
  state.counters["slots"] = static_cast<double>(paths.size());
  Rates(state, events);
}
BENCHMARK(BM_Slots_Plan)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

// Slots by a DOM parse (the event validated whole), then one walk of the
// plan over the document: what `alertc run` does.
void BM_Slots_Dom(benchmark::State& state) {
  const Events& events = TheEvents();
  const auto paths = SlotPaths(static_cast<int>(state.range(0)));
  const plan::PathPlan plan(paths);
  std::vector<Value> slots(paths.size());
  simdjson::dom::parser parser;
  size_t i = 0;
  for (auto _ : state) {
    simdjson::dom::element doc;
    if (parser.parse(events.docs[i++ % events.docs.size()]).get(doc)) continue;
    plan.ExtractDom(doc, slots.data());
  }
  benchmark::DoNotOptimize(slots.data());
  state.counters["slots"] = static_cast<double>(paths.size());
  Rates(state, events);
}
BENCHMARK(BM_Slots_Dom)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
