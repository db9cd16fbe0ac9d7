// Durable state and the live rule set, measured in one process:
//   BM_Checkpoint_ChangedKeys/K  a delta checkpoint (engine + RocksDB write)
//                                after K of 1,000,000 keys changed: its time
//                                and bytes grow with K, not with the total
//   BM_Restore_Keys              restoring an engine of 1,000,000 keys
//   BM_Upsert_Into/N             one upsert into a running set of N rules:
//                                the pause it causes (parse, check,
//                                optimize, index, plan; the rule decides at
//                                once with the interpreter)
//   BM_Upsert_UntilNative/N      the same, until its native code is installed

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <simdjson.h>

#include "bench/common/rule_sets.h"
#include "compiler/sema/check.h"
#include "engine/rules/new_engine.h"
#include "engine/rules/rule_set.h"
#include "engine/state/rocks_store.h"
#include "tests/testing/temp_dir.h"

namespace alert {
namespace {

using namespace engine;

constexpr int kKeys = 1'000'000;

// One engine with kKeys keys, checkpointed into a RocksDB store.
struct KeyedEngine {
  testing::TempDir dir;
  std::unique_ptr<RocksStore> store;
  std::unique_ptr<Engine> engine;
  simdjson::dom::parser parser;
  int64_t offset = 0;
  std::vector<Notification> out;

  static std::vector<checked::Rule> Rules() {
    const diag::Source source("keys.alert",
                              "rule keys { when $.x == 1 group by $.k window global fire when count() > 1000000000 }");
    return sema::CheckSource(source).rules;
  }
  static EngineOptions Options() {
    EngineOptions options;
    options.clock = [] { return int64_t{0}; };
    options.runner.max_keys = 2 * kKeys;
    options.runner.max_state_bytes = size_t{16} << 30;
    return options;
  }
  void Feed(int key) {
    const std::string json = fmt::format(R"({{"ts":{},"k":"k{}","x":1}})", offset, key);
    simdjson::padded_string padded(json);
    if (!engine->Process(parser.parse(padded).value(), json, offset++, &out).ok()) std::abort();
    out.clear();
  }
  size_t Checkpoint() {
    WriteBatch batch;
    if (!engine->Checkpoint(&batch).ok() || !store->Write(batch).ok()) std::abort();
    engine->Committed();
    return batch.bytes();
  }
  KeyedEngine() {
    RocksOptions rocks;
    store = std::move(*RocksStore::Open(dir.file("db"), rocks));
    engine = std::move(*NewEngine(Rules(), Options(), nullptr));
    if (!engine->Install(&out).ok()) std::abort();
    for (int k = 0; k < kKeys; ++k) Feed(k);
    Checkpoint();
  }
  static KeyedEngine& Get() {
    static KeyedEngine* engine = new KeyedEngine();
    return *engine;
  }
};

void BM_Checkpoint_ChangedKeys(benchmark::State& state) {
  KeyedEngine& e = KeyedEngine::Get();
  const int changed = static_cast<int>(state.range(0));
  size_t bytes = 0;
  int next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (int i = 0; i < changed; ++i) e.Feed(next++ % kKeys);
    state.ResumeTiming();
    bytes = e.Checkpoint();
  }
  state.counters["keys"] = kKeys;
  state.counters["changed"] = changed;
  state.counters["batch_bytes"] = static_cast<double>(bytes);
}

void BM_Restore_Keys(benchmark::State& state) {
  KeyedEngine& e = KeyedEngine::Get();
  for (auto _ : state) {
    auto restored = NewEngine(KeyedEngine::Rules(), KeyedEngine::Options(), nullptr);
    if (!(*restored)->Restore(*e.store).ok()) std::abort();
    if ((*restored)->stats().keys != kKeys) std::abort();
    benchmark::DoNotOptimize(restored);
  }
  state.counters["keys"] = kKeys;
}

// A running set of N generated rules, compiled.
RuleSet& RunningSet(int n) {
  static std::map<int, std::unique_ptr<RuleSet>> sets;
  auto& set = sets[n];
  if (!set) {
    set = std::move(*RuleSet::Create(RuleSetOptions{}));
    const diag::Source source("rules.alert", bench::GeneratedRules(n));
    if (!set->Add(sema::CheckSource(source).rules).ok()) std::abort();
    set->WaitForCompiles();
  }
  return *set;
}

void Upsert(benchmark::State& state, bool until_native) {
  RuleSet& set = RunningSet(static_cast<int>(state.range(0)));
  static int64_t version = 0;  // versions only grow, across the benchmarks
  for (auto _ : state) {
    const ChangeResult r = set.Apply(RuleChange{
        RuleChange::Op::kUpsert, std::string("tenant-7"), "upserted", ++version,
        fmt::format("rule upserted {{ when $.application == \"Box\" && $.actor.count > {} group by $.customerId "
                    "window tumbling 5m fire when count() > 2 }}",
                    version)});
    if (r.status != ChangeResult::Status::kActive) std::abort();
    if (until_native) set.WaitForCompiles();
  }
  state.counters["rules"] = static_cast<double>(set.size());
}
void BM_Upsert_Into(benchmark::State& state) { Upsert(state, false); }
void BM_Upsert_UntilNative(benchmark::State& state) { Upsert(state, true); }

BENCHMARK(BM_Checkpoint_ChangedKeys)->Arg(1)->Arg(100)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Restore_Keys)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_Upsert_Into)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_Upsert_UntilNative)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
