// Storage faults: a store whose N-th write fails, for every N over a run,
// and a store that cannot be written at all. The failed checkpoint is
// reported and leaves the previous one intact; a restart restores the last
// good checkpoint and resumes after its offset; in the end every alert of an
// uninterrupted run was emitted, none that it did not emit, and the counters
// (which would grow if an event were applied twice) are equal.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "engine/rules/new_engine.h"
#include "tests/testing/rule_sets.h"
#include "engine/history/store_history.h"
#include "engine/state/rocks_store.h"
#include "engine/stream/engine.h"
#include "tests/testing/rules.h"
#include "tests/testing/temp_dir.h"

namespace alert::engine {
namespace {

// A real RocksDB store whose `fail_at`-th write (1-based) fails, written
// nothing, as a full disk or an I/O error would.
class FailingStore final : public StateStore {
 public:
  FailingStore(StateStore& store, int fail_at) : store_(store), fail_at_(fail_at) {}
  absl::StatusOr<std::optional<std::string>> Get(Family f, std::string_view key) const override {
    return store_.Get(f, key);
  }
  using StateStore::Write;
  absl::Status Write(std::span<const WriteBatch> batch) override {
    if (++writes_ == fail_at_) return absl::ResourceExhaustedError("no space left on device (injected)");
    return store_.Write(batch);
  }
  absl::Status ScanRange(Family f, std::string_view begin, std::string_view end,
                         absl::FunctionRef<bool(std::string_view, std::string_view)> visit) const override {
    return store_.ScanRange(f, begin, end, visit);
  }
  int writes() const { return writes_; }

 private:
  StateStore& store_;
  int fail_at_;
  int writes_ = 0;
};

constexpr char kRules[] = R"(
rule counted { when $.x > 2 group by $.k window tumbling 50ms fire when count() >= 3 dedupe by $.id }
rule sessions { when $.x == 1 group by $.k window session gap 30ms fire when sum($.x) >= 2 }
rule unusual { when $.x > mean($.x, 200ms) group by $.k window tumbling 100ms fire when count() >= 2 }
rule absent { when $.x == 4 group by $.k fire when absent for 40ms }
rule every { when $.x == 5 && $.k == "b" backfill 100ms }
)";

std::vector<std::string> Events() {
  std::vector<std::string> events;
  for (int i = 0; i < 600; ++i) {
    events.push_back(fmt::format(R"({{"ts":{},"k":"{}","x":{},"id":{}}})", i * 3, "abc"[i % 3], i * 7 % 6,
                                 i % 50 == 0 ? i - 1 : i));  // some ids repeat: dedupe
  }
  return events;
}

struct Outcome {
  std::set<std::string> alerts;  // alert_id + state
  EngineStats stats;
  int failures = 0;
};

// Runs the events through engines over `store`, a checkpoint every 25
// events. A failed write either ends the engine as a crash would (its
// unwritten work lost; the next engine restores from the store and
// resumes), or — as a daemon does — is reported and the engine goes on, its
// next checkpoint carrying what the failed one did not write. Then a fresh
// engine restored from the store must hold what the last one held.
Outcome RunWithCrashes(StateStore& store, bool crash_on_failure = true) {
  Outcome outcome;
  const std::vector<std::string> events = Events();
  simdjson::dom::parser parser;
  for (int attempt = 0; attempt < 100; ++attempt) {
    EngineOptions options;
    options.clock = [] { return int64_t{0}; };
    options.record_history = true;
    auto history = StoreHistory::Open(store, 0);
    EXPECT_TRUE(history.ok());
    auto engine = NewEngine(testing::CheckedRules(kRules), options, history->get(), testing::Synchronous());
    EXPECT_TRUE(engine.ok());
    EXPECT_TRUE((*engine)->Restore(store).ok());
    std::vector<Notification> out;
    EXPECT_TRUE((*engine)->Install(&out).ok());
    bool crashed = false, behind = false;
    size_t i = static_cast<size_t>((*engine)->restored_offset().value_or(-1) + 1);
    for (; i < events.size() && !crashed; ++i) {
      simdjson::padded_string padded(events[i]);
      EXPECT_TRUE((*engine)->Process(parser.parse(padded).value(), events[i], static_cast<int64_t>(i), &out).ok());
      if (i % 25 != 24 && i + 1 != events.size()) continue;
      WriteBatch batch;
      EXPECT_TRUE((*engine)->Checkpoint(&batch).ok());
      const absl::Status written = store.Write(batch);
      behind = !written.ok();
      if (written.ok()) {
        (*engine)->Committed();
      } else {
        EXPECT_EQ(written.code(), absl::StatusCode::kResourceExhausted) << written;
        ++outcome.failures;
        crashed = crash_on_failure;
      }
    }
    for (const auto& n : out) outcome.alerts.insert(n.AlertId() + (n.state == Notification::State::kFiring ? "+" : "-"));
    if (!crashed && behind) {
      // The last checkpoint failed: the daemon writes it again.
      WriteBatch batch;
      EXPECT_TRUE((*engine)->Checkpoint(&batch).ok());
      EXPECT_TRUE(store.Write(batch).ok());
      (*engine)->Committed();
    }
    if (!crashed) {
      outcome.stats = (*engine)->stats();
      auto history = StoreHistory::Open(store, 0);
      auto restored = NewEngine(testing::CheckedRules(kRules), options, history->get(), testing::Synchronous());
      EXPECT_TRUE((*restored)->Restore(store).ok());
      const EngineStats s = (*restored)->stats();
      EXPECT_EQ(s.events, outcome.stats.events);
      EXPECT_EQ(s.matched, outcome.stats.matched);
      EXPECT_EQ(s.keys, outcome.stats.keys);
      EXPECT_EQ(s.open_windows, outcome.stats.open_windows);
      EXPECT_EQ(s.state_bytes, outcome.stats.state_bytes);
      return outcome;
    }
  }
  ADD_FAILURE() << "never completed";
  return outcome;
}

TEST(Faults, AWriteThatFailsAtAnyCheckpointLosesNothingAndAppliesNothingTwice) {
  testing::TempDir dir;
  auto clean = RocksStore::Open(dir.file("clean"));
  ASSERT_TRUE(clean.ok());
  FailingStore counting(**clean, -1);
  const Outcome want = RunWithCrashes(counting);
  ASSERT_GE(want.alerts.size(), 20u);
  const int writes = counting.writes();
  ASSERT_GE(writes, 24);
  for (int n = 1; n <= writes; ++n) {
    SCOPED_TRACE(n);
    auto rocks = RocksStore::Open(dir.file("db" + std::to_string(n)));
    ASSERT_TRUE(rocks.ok());
    FailingStore failing(**rocks, n);
    const Outcome got = RunWithCrashes(failing);
    EXPECT_EQ(got.failures, 1);
    auto other = RocksStore::Open(dir.file("goes-on" + std::to_string(n)));
    ASSERT_TRUE(other.ok());
    FailingStore failing_once(**other, n);
    EXPECT_EQ(RunWithCrashes(failing_once, /*crash_on_failure=*/false).alerts, want.alerts);
    EXPECT_EQ(got.alerts, want.alerts);
    EXPECT_EQ(got.stats.events, want.stats.events);
    EXPECT_EQ(got.stats.matched, want.stats.matched);
    EXPECT_EQ(got.stats.duplicates, want.stats.duplicates);
    EXPECT_EQ(got.stats.alerts_fired, want.stats.alerts_fired);
    EXPECT_EQ(got.stats.alerts_resolved, want.stats.alerts_resolved);
    EXPECT_EQ(got.stats.keys, want.stats.keys);
    EXPECT_EQ(got.stats.open_windows, want.stats.open_windows);
  }
}

TEST(Faults, AStoreThatCannotBeWrittenIsAClearErrorAndKeepsWhatItHeld) {
  testing::TempDir dir;
  {
    auto store = RocksStore::Open(dir.file("db"));
    ASSERT_TRUE(store.ok());
    WriteBatch batch;
    batch.Put(Family::kState, "p0/e", "kept");
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  RocksOptions read_only;
  read_only.read_only = true;
  auto store = RocksStore::Open(dir.file("db"), read_only);
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Put(Family::kState, "p0/e", "lost");
  const absl::Status written = (*store)->Write(batch);
  EXPECT_EQ(written.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(written.message().find("read-only"), std::string_view::npos) << written;
  EXPECT_EQ(*(*store)->Get(Family::kState, "p0/e").value(), "kept");
}

}  // namespace
}  // namespace alert::engine
