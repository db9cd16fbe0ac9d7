// The engine's contract beyond the scenarios: backfill never applies an
// event twice, live events are recorded into the history store when asked,
// and events without a time are counted and ignored by the rules that need one.

#include <gtest/gtest.h>

#include <simdjson.h>

#include "engine/rules/new_engine.h"
#include "tests/testing/rule_sets.h"
#include "tests/testing/rules.h"
#include "engine/stream/engine.h"

namespace alert::engine {
namespace {

std::unique_ptr<Engine> Make(const std::string& rules, MemoryHistory* history, bool record = false,
                             const RunnerOptions& runner = {}) {
  EngineOptions options;
  options.clock = [] { return int64_t{0}; };
  options.record_history = record;
  options.runner = runner;
  auto engine = NewEngine(testing::CheckedRules(rules), options, history, testing::Synchronous());
  EXPECT_TRUE(engine.ok()) << engine.status();
  return std::move(*engine);
}

// Feeds `json` at `offset`; returns "rule@offset" for each notification.
std::vector<std::string> Feed(Engine& engine, const std::string& json, int64_t offset) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  std::vector<Notification> out;
  EXPECT_TRUE(engine.Process(parser.parse(padded).value(), json, offset, &out).ok());
  std::vector<std::string> fired;
  for (const auto& n : out) fired.push_back(n.rule + "@" + std::to_string(n.source.offset));
  return fired;
}

std::string Event(int64_t ts) { return R"({"ts":)" + std::to_string(ts) + R"(,"k":"a","x":1})"; }

TEST(EngineBackfill, ALiveEventAlreadyReplayedIsNotAppliedAgain) {
  MemoryHistory history;
  auto engine = Make(
      "rule filled { when $.x == 1 group by $.k fire when count() >= 5 backfill 1h }\n"
      "rule live { when $.x == 1 group by $.k fire when count() >= 3 }",
      &history);
  // Events 0..2 of partition 0 were stored live before the rules came.
  simdjson::dom::parser parser;
  for (int64_t offset = 0; offset < 3; ++offset) {
    const std::string json = Event(1000 * (offset + 1));
    simdjson::padded_string padded(json);
    ASSERT_TRUE(engine->AddHistory(parser.parse(padded).value(), json, EventSource{0, offset}));
  }
  std::vector<Notification> replayed;
  ASSERT_TRUE(engine->Install(&replayed).ok());
  EXPECT_TRUE(replayed.empty());  // 3 of 5
  // Offsets 1 and 2 are delivered again (a consumer restart), then 3 and 4.
  EXPECT_TRUE(Feed(*engine, Event(2000), 1).empty());
  EXPECT_TRUE(Feed(*engine, Event(3000), 2).empty());  // counted twice, `filled` would fire here
  EXPECT_EQ(Feed(*engine, Event(4000), 3), std::vector<std::string>{"live@3"});
  EXPECT_EQ(Feed(*engine, Event(5000), 4), std::vector<std::string>{"filled@4"});
}

TEST(EngineHistory, LiveEventsAreRecordedWhenAsked) {
  MemoryHistory recorded, untouched;
  auto recording = Make("rule r { when $.x == 1 }", &recorded, /*record=*/true);
  auto reading = Make("rule r { when $.x == 1 }", &untouched);
  for (int64_t offset = 0; offset < 4; ++offset) {
    Feed(*recording, Event(offset), offset);
    Feed(*reading, Event(offset), offset);
  }
  Feed(*recording, R"({"k":"a","x":1})", 4);  // no time: not stored
  EXPECT_EQ(recorded.size(), 4u);
  EXPECT_EQ(untouched.size(), 0u);
}

TEST(EngineTime, EventsWithoutATimeAreCountedAndSkippedByRulesThatNeedOne) {
  MemoryHistory history;
  auto engine = Make(
      "rule every { when $.x == 1 }\n"
      "rule windowed { when $.x == 1 group by $.k window tumbling 1m fire when count() >= 1 }",
      &history);
  EXPECT_EQ(Feed(*engine, R"({"k":"a","x":1,"ts":"yesterday"})", 0), std::vector<std::string>{"every@0"});
  EXPECT_EQ(Feed(*engine, R"({"k":"a","x":1})", 1), std::vector<std::string>{"every@1"});
  EXPECT_EQ(engine->stats().untimed_events, 2u);
  EXPECT_EQ(engine->watermark(), kNoWatermark);
  EXPECT_EQ(Feed(*engine, Event(0), 2), (std::vector<std::string>{"every@2", "windowed@2"}));
}

// A late event's `absent for` timer can be due at once; it fires at the next
// event even when the watermark has not moved since the last timers fired.
TEST(EngineAbsent, ATimerDueOnArrivalFiresAtTheNextEventAtTheSameWatermark) {
  MemoryHistory history;
  auto engine = Make("rule silent { when exists $.k group by $.k fire when absent for 20s }", &history);
  EXPECT_TRUE(Feed(*engine, R"({"ts":0,"k":"b"})", 0).empty());
  EXPECT_EQ(Feed(*engine, R"({"ts":100000,"k":"c"})", 1), std::vector<std::string>{"silent@1"});  // b's timer
  EXPECT_TRUE(Feed(*engine, R"({"ts":1000,"k":"a"})", 2).empty());  // late: due at 21000
  EXPECT_EQ(Feed(*engine, R"({"ts":100000,"k":"c"})", 3), std::vector<std::string>{"silent@3"});
}

TEST(EngineLimits, PastMaxKeysNewKeysAreRefusedAndCountedHeldKeysGoOn) {
  RunnerOptions runner;
  runner.max_keys = 2;
  auto engine = Make("rule r { when exists $.k group by $.k window tumbling 10s fire when count() >= 2 }", nullptr,
                     false, runner);
  auto feed = [&](const std::string& key, int64_t ts, int64_t offset) {
    return Feed(*engine, R"({"ts":)" + std::to_string(ts) + R"(,"k":")" + key + "\"}", offset);
  };
  EXPECT_TRUE(feed("a", 1, 0).empty());
  EXPECT_TRUE(feed("b", 2, 1).empty());
  EXPECT_TRUE(feed("c", 3, 2).empty());  // a third key: refused
  EXPECT_TRUE(feed("c", 4, 3).empty());  // still refused, never fires
  EXPECT_EQ(feed("a", 5, 4), std::vector<std::string>{"r@4"});  // a held key goes on
  EXPECT_EQ(engine->stats().keys, 2u);
  EXPECT_EQ(engine->stats().keys_refused, 2u);
}

TEST(EngineLimits, PastMaxOpenWindowsNewWindowsAreRefusedAndCounted) {
  RunnerOptions runner;
  runner.max_open_windows = 5;
  // Each event joins 3 sliding windows: the second event finds 2 more open.
  auto engine = Make("rule r { when exists $.k group by $.k window sliding 30s every 10s fire when count() >= 9 }",
                     nullptr, false, runner);
  Feed(*engine, R"({"ts":1000,"k":"a"})", 0);
  EXPECT_EQ(engine->stats().open_windows, 3u);
  Feed(*engine, R"({"ts":2000,"k":"b"})", 1);
  EXPECT_EQ(engine->stats().open_windows, 5u);
  EXPECT_EQ(engine->stats().windows_refused, 1u);
  Feed(*engine, R"({"ts":3000,"k":"a"})", 2);  // joins its 3 open windows
  EXPECT_EQ(engine->stats().windows_refused, 1u);
  // Windows that close make room again.
  Feed(*engine, R"({"ts":100000,"k":"c"})", 3);
  EXPECT_EQ(engine->stats().open_windows, 3u);
  EXPECT_EQ(engine->stats().windows_refused, 1u);
}

TEST(EngineStats, StateBytesCountTheDedupeSet) {
  auto engine = Make("rule d { when exists $.e dedupe by $.e }", nullptr);
  Feed(*engine, R"({"ts":0,"e":0})", 0);
  const uint64_t one = engine->stats().state_bytes;
  for (int i = 1; i <= 1000; ++i) Feed(*engine, R"({"ts":)" + std::to_string(i) + R"(,"e":)" + std::to_string(i) + "}", i);
  EXPECT_GT(engine->stats().state_bytes, one + 1000 * 64);
}

TEST(EngineLimits, OverMaxStateBytesNewKeysAndWindowsAreRefused) {
  RunnerOptions tiny;
  tiny.max_state_bytes = 1;  // below even an empty rule's estimate
  auto refusing = Make("rule r { when exists $.k group by $.k window tumbling 10s fire when count() >= 1 }", nullptr,
                       false, tiny);
  for (int i = 0; i < 5; ++i) Feed(*refusing, R"({"ts":1,"k":")" + std::to_string(i) + "\"}", i);
  EXPECT_EQ(refusing->stats().keys, 0u);
  EXPECT_EQ(refusing->stats().keys_refused, 5u);
  auto roomy = Make("rule r { when exists $.k group by $.k window tumbling 10s fire when count() >= 1 }", nullptr);
  for (int i = 0; i < 5; ++i) Feed(*roomy, R"({"ts":1,"k":")" + std::to_string(i) + "\"}", i);
  EXPECT_EQ(roomy->stats().keys, 5u);
  EXPECT_EQ(roomy->stats().keys_refused, 0u);
}

TEST(EngineLimits, PastMaxSensorsPerWindowNewSensorsAreRefused) {
  RunnerOptions runner;
  runner.max_sensors_per_window = 2;
  auto engine = Make("rule r { when $.bad == true group by $.k window tumbling 10s "
                     "fire when count() >= 1 across at least 2 distinct $.agent }",
                     nullptr, false, runner);
  for (int i = 0; i < 3; ++i) {
    Feed(*engine, R"({"ts":1,"k":"a","bad":true,"agent":")" + std::to_string(i) + "\"}", i);
  }
  EXPECT_EQ(engine->stats().sensors_refused, 1u);
  // The 2 sensors held satisfy it: fired for [0, 10 s), resolved by the empty [10 s, 20 s).
  EXPECT_EQ(Feed(*engine, R"({"ts":20000,"k":"b"})", 3), (std::vector<std::string>{"r@3", "r@3"}));
}

}  // namespace
}  // namespace alert::engine
