// The state interface: the in-memory store's batches and prefix scans, and
// the engine's checkpoints through it. Every scenario (shared and our own),
// stopped after any event, checkpointed, restored into a fresh engine and
// continued, emits exactly what one uninterrupted engine emits.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include "tests/testing/rules.h"
#include "engine/state/state_store.h"
#include "engine/stream/engine.h"
#include "tests/testing/shared_dir.h"

namespace alert::engine {
namespace {

TEST(MemoryStateStore, BatchesApplyInOrderAndScansStayInTheirPrefix) {
  MemoryStateStore store;
  WriteBatch batch;
  batch.Put("a/1", "x");
  batch.Put("a/2", "y");
  batch.Put("b/1", "z");
  batch.Delete("a/2");
  batch.Put("a/3", "w");
  ASSERT_TRUE(store.Write(batch).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store.Scan("a/", [&](std::string_view k, std::string_view v) {
                     seen.push_back(std::string(k) + "=" + std::string(v));
                     return true;
                   }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/1=x", "a/3=w"}));
  EXPECT_EQ(*store.Get("b/1").value(), "z");
  EXPECT_FALSE(store.Get("a/2").value().has_value());
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
  auto engine = Engine::Create(s.Rules(), s.options, history);
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
    engine.Process(parser.parse(padded).value(), s.events[i], static_cast<int64_t>(i), &decided);
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

std::string StoppedAfter(const Scenario& s, size_t stop) {
  MemoryHistory history;
  MemoryStateStore store;
  std::string out;
  {
    auto engine = Start(s, &history);
    std::vector<Notification> replayed;
    EXPECT_TRUE(engine->Install(&replayed).ok());
    for (const auto& n : replayed) out += n.ToJson() + "\n";
    Feed(*engine, s, 0, stop, &out);
    EXPECT_TRUE(engine->Checkpoint(store).ok());
  }
  auto engine = Start(s, &history);
  EXPECT_TRUE(engine->Restore(store).ok());
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
      EXPECT_EQ(StoppedAfter(s, stop), want) << "stopped after " << stop << " events";
    }
  }
}

// The first `n` events of `s` through a fresh engine, checkpointed into `store`.
std::unique_ptr<Engine> RunAndCheckpoint(const Scenario& s, size_t n, MemoryHistory* history,
                                         MemoryStateStore* store) {
  auto engine = Start(s, history);
  std::string out;
  Feed(*engine, s, 0, n, &out);
  EXPECT_TRUE(engine->Checkpoint(*store).ok());
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

TEST(Checkpoint, ARuleWhoseTextChangedStartsAfresh) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k fire when count() >= 2 }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":1,"k":"a","x":1})", R"({"ts":2,"k":"a","x":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  RunAndCheckpoint(s, 1, &history, &store);
  s.rules = "rule r { when $.x == 1 group by $.k fire when count() >= 3 }";
  auto second = Start(s, &history);
  ASSERT_TRUE(second->Restore(store).ok());
  EXPECT_EQ(second->stats().keys, 0u);
  std::string out;
  Feed(*second, s, 1, 2, &out);
  EXPECT_EQ(out, "");  // one event counted, not two
}

TEST(Checkpoint, CorruptStateIsAnErrorNotACrash) {
  Scenario s;
  s.rules = "rule r { when $.x == 1 group by $.k window tumbling 1m fire when sum($.x) >= 2 }";
  s.options.clock = [] { return int64_t{0}; };
  s.events = {R"({"ts":1,"k":"a","x":1})"};
  MemoryHistory history;
  MemoryStateStore store;
  RunAndCheckpoint(s, 1, &history, &store);
  // Truncate or garble every value of the group key, byte by byte.
  std::string key, value;
  ASSERT_TRUE(store.Scan("p0/r/*/r/k/", [&](std::string_view k, std::string_view v) {
                     key = k;
                     value = v;
                     return false;
                   }).ok());
  ASSERT_FALSE(key.empty());
  for (size_t cut = 0; cut < value.size(); ++cut) {
    for (const std::string& bad : {value.substr(0, cut), value.substr(0, cut) + '\xff' + value.substr(cut + 1)}) {
      WriteBatch batch;
      batch.Put(key, bad);
      ASSERT_TRUE(store.Write(batch).ok());
      auto second = Start(s, &history);
      const absl::Status restored = second->Restore(store);
      if (!restored.ok()) EXPECT_EQ(restored.code(), absl::StatusCode::kDataLoss) << restored;
    }
  }
}

}  // namespace
}  // namespace alert::engine
