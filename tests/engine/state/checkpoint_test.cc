// The state interface: the in-memory store's batches and scans, and the
// engine's delta checkpoints through it. Every scenario (shared and our
// own), checkpointed after every event into one store, stopped after any
// event, restored into a fresh engine and continued, emits exactly what one
// uninterrupted engine emits.

#include <algorithm>

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include "engine/rules/new_engine.h"
#include "tests/testing/rule_sets.h"
#include "tests/testing/rules.h"
#include "engine/state/codec.h"
#include "engine/state/state_store.h"
#include "engine/stream/engine.h"
#include "tests/testing/shared_dir.h"

namespace alert::engine {
namespace {

TEST(MemoryStateStore, BatchesApplyInOrderAndScansStayInTheirPrefix) {
  MemoryStateStore store;
  WriteBatch batch;
  batch.Put(Family::kState, "a/1", "x");
  batch.Put(Family::kState, "a/2", "y");
  batch.Put(Family::kState, "b/1", "z");
  batch.Put(Family::kHistory, "a/9", "h");
  batch.Delete(Family::kState, "a/2");
  batch.Put(Family::kState, "a/3", "w");
  ASSERT_TRUE(store.Write(batch).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store.Scan(Family::kState, "a/", [&](std::string_view k, std::string_view v) {
                     seen.push_back(std::string(k) + "=" + std::string(v));
                     return true;
                   }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/1=x", "a/3=w"}));
  EXPECT_EQ(*store.Get(Family::kState, "b/1").value(), "z");
  EXPECT_FALSE(store.Get(Family::kState, "a/2").value().has_value());
  EXPECT_EQ(*store.Get(Family::kHistory, "a/9").value(), "h");
  EXPECT_FALSE(store.Get(Family::kState, "a/9").value().has_value());
}

TEST(MemoryStateStore, RangeDeletesTakeTheirRangeOnly) {
  MemoryStateStore store;
  WriteBatch batch;
  for (const char* key : {"a", "a/1", "a/2", "a0", "b"}) batch.Put(Family::kState, key, "v");
  batch.DeletePrefix(Family::kState, "a/");
  batch.Put(Family::kState, "a/3", "after");  // applied after the delete
  ASSERT_TRUE(store.Write(batch).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store.Scan(Family::kState, "", [&](std::string_view k, std::string_view) {
                     seen.emplace_back(k);
                     return true;
                   }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "a/3", "a0", "b"}));
  EXPECT_EQ(PrefixEnd("a/"), "a0");
  EXPECT_EQ(PrefixEnd("a\xff"), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
}

struct Scenario {
  std::vector<checked::Rule> Rules() const { return testing::CheckedRules(rules); }
  std::string rules;
  EngineOptions options;
  std::vector<std::string> history, events;
};

Scenario Load(const std::filesystem::path& path) {
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.load(path.string()).value();
  Scenario s;
  s.rules = std::string(std::string_view(root["rules"]));
  s.options.clock = [] { return int64_t{0}; };
  s.options.time_path = std::string(std::string_view(root["config"]["time_path"]));
  s.options.tenant_path = std::string(std::string_view(root["config"]["tenant_path"]));
  simdjson::dom::array history;
  if (!root["history"].get(history)) {
    for (auto e : history) s.history.push_back(simdjson::minify(e));
  }
  const simdjson::dom::array events = root["events"].get_array().value();
  for (auto e : events) s.events.push_back(simdjson::minify(e));
  return s;
}

std::unique_ptr<Engine> Start(const Scenario& s, MemoryHistory* history) {
  auto engine = NewEngine(s.Rules(), s.options, history, testing::Synchronous());
  EXPECT_TRUE(engine.ok()) << engine.status();
  simdjson::dom::parser parser;
  for (size_t i = 0; i < s.history.size(); ++i) {
    simdjson::padded_string padded(s.history[i]);
    (*engine)->AddHistory(parser.parse(padded).value(), s.history[i], EventSource{-1, static_cast<int64_t>(i)});
  }
  return std::move(*engine);
}

void Feed(Engine& engine, const Scenario& s, size_t from, size_t to, std::string* out) {
  simdjson::dom::parser parser;
  std::vector<Notification> decided;
  for (size_t i = from; i < to; ++i) {
    simdjson::padded_string padded(s.events[i]);
    EXPECT_TRUE(engine.Process(parser.parse(padded).value(), s.events[i], static_cast<int64_t>(i), &decided).ok());
  }
  for (const auto& n : decided) *out += n.ToJson() + "\n";
}

std::string Uninterrupted(const Scenario& s) {
  MemoryHistory history;
  auto engine = Start(s, &history);
  std::vector<Notification> replayed;
  EXPECT_TRUE(engine->Install(&replayed).ok());
  std::string out;
  for (const auto& n : replayed) out += n.ToJson() + "\n";
  Feed(*engine, s, 0, s.events.size(), &out);
  return out;
}

// One checkpoint of `engine` written to `store`.
void CheckpointInto(Engine& engine, MemoryStateStore& store) {
  WriteBatch batch;
  ASSERT_TRUE(engine.Checkpoint(&batch).ok());
  ASSERT_TRUE(store.Write(batch).ok());
  engine.Committed();
}

// The output of: the events up to `stop` through an engine that writes a
// (delta) checkpoint after every `every` events into one store, then a fresh
// engine restored from the store after `stop`, continued to the end.
std::string StoppedAfter(const Scenario& s, size_t stop, size_t every) {
  MemoryHistory history;
  MemoryStateStore store;
  std::string out;
  {
    auto engine = Start(s, &history);
    std::vector<Notification> replayed;
    EXPECT_TRUE(engine->Install(&replayed).ok());
    for (const auto& n : replayed) out += n.ToJson() + "\n";
    for (size_t from = 0; from < stop; from += every) {
      Feed(*engine, s, from, std::min(stop, from + every), &out);
      if (std::min(stop, from + every) < stop) CheckpointInto(*engine, store);
    }
    CheckpointInto(*engine, store);
  }
  auto engine = Start(s, &history);
  EXPECT_TRUE(engine->Restore(store).ok());
  if (stop > 0) {
    EXPECT_EQ(engine->restored_offset(), static_cast<int64_t>(stop - 1));
  }
  std::vector<Notification> replayed;
  EXPECT_TRUE(engine->Install(&replayed).ok());
  EXPECT_TRUE(replayed.empty()) << "a restored rule is not backfilled again";
  Feed(*engine, s, stop, s.events.size(), &out);
  return out;
}

TEST(Checkpoint, EveryScenarioStoppedAfterAnyEventContinuesIdentically) {
  auto files = testing::FilesIn(testing::SharedDir() / "spec" / "scenarios", ".json");
  const auto own = testing::FilesIn(std::filesystem::path(ALERT_SOURCE_DIR) / "tests" / "engine" / "scenarios", ".json");
  files.insert(files.end(), own.begin(), own.end());
  ASSERT_GE(files.size(), 30u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    const Scenario s = Load(path);
    const std::string want = Uninterrupted(s);
    for (size_t stop = 0; stop <= s.events.size(); ++stop) {
      for (size_t every : {size_t{1}, size_t{3}, s.events.size() + 1}) {
        EXPECT_EQ(StoppedAfter(s, stop, every), want) << "stopped after " << stop << " events, checkpoints every "
                                                      << every;
      }
    }
  }
}

// The first `n` events of `s` through a fresh engine, checkpointed into `store`.
std::unique_ptr<Engine> RunAndCheckpoint(const Scenario& s, size_t n, MemoryHistory* history,
                                         MemoryStateStore* store) {
  auto engine = Start(s, history);
  std::string out;
  Feed(*engine, s, 0, n, &out);
  CheckpointInto(*engine, *store);
  return engine;
}

TEST(Checkpoint, ARestoredEngineKeepsItsCounters) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k window tumbling 1m lateness 10s fire when count() >= 2 dedupe by $.id }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":70000,"k":"a","x":1,"id":1})", R"({"ts":0,"k":"a","x":1,"id":2})",
              R"({"ts":71000,"k":"a","x":1,"id":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  auto first = RunAndCheckpoint(s, 3, &history, &store);
  auto second = Start(s, &history);
  ASSERT_TRUE(second->Restore(store).ok());
  const EngineStats a = first->stats(), b = second->stats();
  EXPECT_EQ(b.events, 3u);
  EXPECT_EQ(b.late_events, 1u);
  EXPECT_EQ(b.duplicates, 1u);
  EXPECT_EQ(b.matched, a.matched);
  EXPECT_EQ(b.keys, a.keys);
  EXPECT_EQ(b.open_windows, a.open_windows);
  EXPECT_EQ(second->watermark(), 71000);
}

// Restores the checkpoint of one event under `changed` rules, feeds the
// second event and returns what it decides.
std::string AfterRestoreWith(const std::string& changed) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k fire when count() >= 2 }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":1,"k":"a","x":1})", R"({"ts":2,"k":"a","x":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  RunAndCheckpoint(s, 1, &history, &store);
  s.rules = changed;
  auto second = Start(s, &history);
  EXPECT_TRUE(second->Restore(store).ok());
  std::string out;
  Feed(*second, s, 1, 2, &out);
  // Its next checkpoint leaves only the running rule's state in the store.
  CheckpointInto(*second, store);
  auto third = Start(s, &history);
  EXPECT_TRUE(third->Restore(store).ok());
  EXPECT_EQ(third->stats().keys, second->stats().keys);
  return out;
}

TEST(Checkpoint, ARuleWhoseTextChangedStartsAfresh) {
  // The same text: the restored count reaches 2 with the second event.
  EXPECT_NE(AfterRestoreWith("rule r { when $.x == 1 group by $.k fire when count() >= 2 }"), "");
  // Another `when`: the count starts again from the second event.
  EXPECT_EQ(AfterRestoreWith("rule r { when $.x == 1 || $.x == 3 group by $.k fire when count() >= 2 }"), "");
}

TEST(Checkpoint, ARuleNoLongerInstalledLeavesTheStore) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k fire when count() >= 5 }\n"
            "rule q { when $.x == 1 group by $.k fire when count() >= 5 }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":1,"k":"a","x":1})", R"({"ts":2,"k":"b","x":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  RunAndCheckpoint(s, 2, &history, &store);
  auto count = [&](const std::string& prefix) {
    size_t n = 0;
    EXPECT_TRUE(store.Scan(Family::kState, prefix, [&](std::string_view, std::string_view) { return ++n; }).ok());
    return n;
  };
  EXPECT_EQ(count("p0/r/*/q/"), 3u);  // m and two keys
  s.rules = "rule r { when $.x == 1 group by $.k fire when count() >= 5 }";
  auto second = Start(s, &history);
  ASSERT_TRUE(second->Restore(store).ok());
  CheckpointInto(*second, store);
  EXPECT_EQ(count("p0/r/*/q/"), 0u);
  EXPECT_EQ(count("p0/r/*/r/"), 3u);
}

TEST(Checkpoint, ADeltaWritesOnlyTheKeysThatChanged) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k window tumbling 1h fire when count() >= 100 }";
  s.options.clock = [] { return int64_t{0}; };
  for (int i = 0; i < 100; ++i) s.events.push_back(fmt::format(R"({{"ts":{},"k":"k{}","x":1}})", i, i));
  s.events.push_back(R"({"ts":100,"k":"k7","x":1})");
  MemoryHistory history;
  MemoryStateStore store;
  auto engine = RunAndCheckpoint(s, 100, &history, &store);
  std::string out;
  Feed(*engine, s, 100, 101, &out);
  WriteBatch batch;
  ASSERT_TRUE(engine->Checkpoint(&batch).ok());
  std::vector<std::string> keys;
  for (const auto& op : batch.ops()) keys.emplace_back(op.key);
  // The engine, the rule, the one key the event changed, and the offset.
  EXPECT_EQ(keys, (std::vector<std::string>{"p0/e", "p0/r/*/r/m", "p0/r/*/r/k/[\"k7\"]", "p0"}));
  EXPECT_EQ(batch.ops().back().family, Family::kOffsets);
}

TEST(Checkpoint, ARuleTheEventsDidNotChangeWritesNothingAndTheRuleListOnlyWhenItChanges) {
  // Many partitions times many rules: a checkpoint must cost what changed.
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k window tumbling 1h fire when count() >= 100 }\n"
            "rule q { when $.x == 2 group by $.k window tumbling 1h fire when count() >= 100 }";
  s.options.clock = [] { return int64_t{0}; };
  for (int i = 0; i < 10; ++i) s.events.push_back(fmt::format(R"({{"ts":{},"k":"k{}","x":1}})", i, i));
  s.events.push_back(R"({"ts":10,"k":"k7","x":1})");
  MemoryHistory history;
  MemoryStateStore store;
  auto engine = Start(s, &history);
  std::string out;
  Feed(*engine, s, 0, 10, &out);
  WriteBatch first;
  ASSERT_TRUE(engine->Checkpoint(&first).ok());
  std::vector<std::string> keys;
  for (const auto& op : first.ops()) keys.emplace_back(op.key);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "p0/l"), keys.end()) << "the first checkpoint lists the rules";
  EXPECT_NE(std::find(keys.begin(), keys.end(), "p0/r/*/q/m"), keys.end()) << "and writes every rule once";
  ASSERT_TRUE(store.Write(first).ok());
  engine->Committed();

  Feed(*engine, s, 10, 11, &out);
  WriteBatch second;
  ASSERT_TRUE(engine->Checkpoint(&second).ok());
  keys.clear();
  for (const auto& op : second.ops()) keys.emplace_back(op.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"p0/e", "p0/r/*/r/m", "p0/r/*/r/k/[\"k7\"]", "p0"}))
      << "q took no event and the rules did not change";

  // Not committed: the next checkpoint writes it all again.
  WriteBatch again;
  ASSERT_TRUE(engine->Checkpoint(&again).ok());
  EXPECT_EQ(again.count(), second.count());
}

TEST(Checkpoint, AStoreWithTheRuleListInTheEngineRecordIsRead) {
  // Stores written before p<P>/l: the list follows the counters in p<P>/e.
  Scenario s;
  s.rules = "rule r { when $.x == 1 }";
  Encoder meta;
  meta.I64(5000);
  for (uint64_t n : {uint64_t{7}, uint64_t{3}, uint64_t{0}, uint64_t{1}}) meta.U64(n);
  meta.String("p0/r/*/gone/");
  WriteBatch old;
  old.Put(Family::kState, "p0/e", meta.Take());
  old.Put(Family::kState, "p0/r/*/gone/m", "x");
  MemoryStateStore store;
  ASSERT_TRUE(store.Write(old).ok());
  MemoryHistory history;
  auto engine = Start(s, &history);
  ASSERT_TRUE(engine->Restore(store).ok());
  EXPECT_EQ(engine->watermark(), 5000);
  EXPECT_EQ(engine->stats().events, 3u);
  CheckpointInto(*engine, store);
  size_t gone = 0;
  ASSERT_TRUE(store.Scan(Family::kState, "p0/r/*/gone/", [&](std::string_view, std::string_view) { return ++gone; }).ok());
  EXPECT_EQ(gone, 0u) << "the listed rule no longer installed left the store";
}

TEST(Checkpoint, CorruptStateIsAnErrorNotACrash) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k window tumbling 1m fire when sum($.x) >= 2 }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":1,"k":"a","x":1})", R"({"ts":2,"k":"a","x":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  RunAndCheckpoint(s, 1, &history, &store);
  std::string key, value;
  ASSERT_TRUE(store.Scan(Family::kState, "p0/r/*/r/k/", [&](std::string_view k, std::string_view v) {
                     key = k;
                     value = v;
                     return false;
                   }).ok());
  ASSERT_FALSE(key.empty());
  for (size_t cut = 0; cut < value.size(); ++cut) {
    SCOPED_TRACE(cut);
    MemoryStateStore bad_store = store;
    // A value cut short never restores.
    WriteBatch truncate;
    truncate.Put(Family::kState, key, value.substr(0, cut));
    ASSERT_TRUE(bad_store.Write(truncate).ok());
    const absl::Status restored = Start(s, &history)->Restore(bad_store);
    EXPECT_EQ(restored.code(), absl::StatusCode::kDataLoss) << restored;
    // A garbled byte is an error or some state that runs on.
    WriteBatch garble;
    garble.Put(Family::kState, key, value.substr(0, cut) + '\xff' + value.substr(cut + 1));
    ASSERT_TRUE(bad_store.Write(garble).ok());
    auto engine = Start(s, &history);
    const absl::Status garbled = engine->Restore(bad_store);
    if (!garbled.ok()) {
      EXPECT_EQ(garbled.code(), absl::StatusCode::kDataLoss) << garbled;
    } else {
      std::string out;
      Feed(*engine, s, 1, 2, &out);
    }
  }
}

}  // namespace
}  // namespace alert::engine
