// Rules changed between the events of a stream, as the README's "Changing
// rules while events flow" says: a new version with the same meaning keeps
// its windows and alert states and its notifications carry the new version
// and message; another meaning starts afresh; a paused rule takes no events
// and its windows wait for the resume; a deleted rule's state leaves the
// store; a rule added mid-stream replays its backfill.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include "engine/rules/new_engine.h"
#include "engine/rules/rule_set.h"
#include "engine/stream/engine.h"

namespace alert::engine {
namespace {

class LiveRules : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.clock = [] { return int64_t{0}; };
    options_.record_history = true;
    RuleSetOptions rule_options = ForEngine(options_);
    rule_options.tiered = false;
    auto set = RuleSet::Create(rule_options);
    ASSERT_TRUE(set.ok());
    set_ = std::shared_ptr<RuleSet>(std::move(*set));
    auto engine = Engine::Create(set_, options_, &history_);
    ASSERT_TRUE(engine.ok());
    engine_ = std::move(*engine);
    std::vector<Notification> none;
    ASSERT_TRUE(engine_->Install(&none).ok());
  }
  ChangeResult Upsert(int64_t version, const std::string& body, const std::string& id = "r") {
    return set_->Apply(RuleChange{RuleChange::Op::kUpsert, std::nullopt, id, version, "rule " + id + " { " + body + " }"});
  }
  ChangeResult Change(RuleChange::Op op, const std::string& id = "r") {
    return set_->Apply(RuleChange{op, std::nullopt, id, 0, ""});
  }
  // The event at second `second`; its notifications as "state v<version> <message> [start,end)".
  std::vector<std::string> At(int second) {
    const std::string json = fmt::format(R"({{"ts":{},"customerId":"a","x":1}})", second * 1000);
    simdjson::padded_string padded(json);
    std::vector<Notification> out;
    EXPECT_TRUE(engine_->Process(parser_.parse(padded).value(), json, offset_++, &out).ok());
    std::vector<std::string> seen;
    for (const auto& n : out) {
      seen.push_back(fmt::format("{} {} v{} {}{}", n.rule, n.state == Notification::State::kFiring ? "firing" : "resolved",
                                 n.version, n.message, n.has_window ? fmt::format(" [{},{})", n.window_start / 1000,
                                                                                 n.window_end.value_or(-1000) / 1000)
                                                                    : (n.backfill ? " backfill" : "")));
    }
    return seen;
  }
  using Lines = std::vector<std::string>;

  EngineOptions options_;
  MemoryHistory history_;
  std::shared_ptr<RuleSet> set_;
  std::unique_ptr<Engine> engine_;
  simdjson::dom::parser parser_;
  int64_t offset_ = 0;
};

constexpr char kCount[] = "when $.x == 1 window tumbling 10s fire when count() >= 3";

TEST_F(LiveRules, AVersionWithTheSameMeaningKeepsItsWindows) {
  ASSERT_EQ(Upsert(1, std::string(kCount) + " message \"one\"").status, ChangeResult::Status::kActive);
  EXPECT_EQ(At(0), Lines{});
  EXPECT_EQ(At(1), Lines{});
  ASSERT_EQ(Upsert(2, std::string(kCount) + " message \"two\" severity critical title \"T\"").status,
            ChangeResult::Status::kActive);
  EXPECT_EQ(At(2), Lines{"r firing v2 two [0,10)"}) << "the third event of the kept window";
}

TEST_F(LiveRules, AVersionWithAnotherMeaningStartsAfresh) {
  ASSERT_EQ(Upsert(1, kCount).status, ChangeResult::Status::kActive);
  EXPECT_EQ(At(0), Lines{});
  EXPECT_EQ(At(1), Lines{});
  ASSERT_EQ(Upsert(2, "when $.x == 1 window tumbling 10s fire when count() >= 2").status, ChangeResult::Status::kActive);
  EXPECT_EQ(At(2), Lines{}) << "one event in the new version's window";
  EXPECT_EQ(At(3), Lines{"r firing v2  [0,10)"});
}

TEST_F(LiveRules, APausedRuleTakesNoEventsAndItsWindowsWaitForTheResume) {
  ASSERT_EQ(Upsert(1, "when $.x == 1 window tumbling 10s fire when count() >= 2").status, ChangeResult::Status::kActive);
  EXPECT_EQ(At(0), Lines{});
  EXPECT_EQ(At(1), Lines{"r firing v1  [0,10)"});
  ASSERT_EQ(Change(RuleChange::Op::kPause).status, ChangeResult::Status::kPaused);
  for (int s = 2; s < 25; ++s) EXPECT_EQ(At(s), Lines{}) << s;  // [0,10) and [10,20) end meanwhile: nothing
  ASSERT_EQ(Change(RuleChange::Op::kResume).status, ChangeResult::Status::kActive);
  // The resume's first advance judges [0,10) on its two events (still
  // firing), then the empty [10,20) resolves it.
  EXPECT_EQ(At(25), Lines{"r resolved v1  [10,20)"});
  EXPECT_EQ(engine_->stats().matched, 3u) << "the events of the pause were not taken";
}

TEST_F(LiveRules, ADeletedRulesStateLeavesTheStore) {
  ASSERT_EQ(Upsert(1, kCount).status, ChangeResult::Status::kActive);
  ASSERT_EQ(Upsert(1, kCount, "q").status, ChangeResult::Status::kActive);
  At(0);
  MemoryStateStore store;
  auto checkpoint = [&] {
    WriteBatch batch;
    ASSERT_TRUE(engine_->Checkpoint(&batch).ok());
    ASSERT_TRUE(store.Write(batch).ok());
    engine_->Committed();
  };
  checkpoint();
  auto count = [&](const std::string& prefix) {
    size_t n = 0;
    EXPECT_TRUE(store.Scan(Family::kState, prefix, [&](std::string_view, std::string_view) { return ++n; }).ok());
    return n;
  };
  EXPECT_EQ(count("p0/r/*/r/"), 2u);
  ASSERT_EQ(Change(RuleChange::Op::kDelete).status, ChangeResult::Status::kDeleted);
  EXPECT_EQ(At(1), Lines{});
  checkpoint();
  EXPECT_EQ(count("p0/r/*/r/"), 0u);
  EXPECT_EQ(count("p0/r/*/q/"), 2u);
  EXPECT_EQ(engine_->stats().keys, 1u);
}

TEST_F(LiveRules, ARuleAddedMidStreamReplaysItsBackfill) {
  ASSERT_EQ(Upsert(1, kCount).status, ChangeResult::Status::kActive);
  for (int s = 0; s < 100; ++s) At(s);
  ASSERT_EQ(Upsert(1, "when $.x == 1 backfill 30s message \"late\"", "b").status, ChangeResult::Status::kActive);
  const Lines next = At(100);
  // The history of the last 30 s (seconds 69 to 99), replayed, then the event itself.
  ASSERT_EQ(next.size(), 32u) << ::testing::PrintToString(next);
  EXPECT_EQ(next.front(), "b firing v1 late backfill");
  EXPECT_EQ(next.back(), "b firing v1 late");
}

}  // namespace
}  // namespace alert::engine
