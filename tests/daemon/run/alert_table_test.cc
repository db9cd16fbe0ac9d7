// A partition's alert states: windowed rules only, the latest notification
// of each (rule, key, window), restored from its checkpoint, resolved ones
// bounded, and those of deleted rules dropped at the next checkpoint.

#include "daemon/run/alert_table.h"

#include <gtest/gtest.h>

namespace alert::daemon {
namespace {

engine::Notification Alert(const std::string& rule, const std::string& key, bool firing, int64_t start = 0) {
  engine::Notification n;
  n.rule = rule;
  n.tenant = "acme";
  n.key = "[\"" + key + "\"]";
  n.state = firing ? engine::Notification::State::kFiring : engine::Notification::State::kResolved;
  n.has_window = true;
  n.window_start = start;
  return n;
}

const auto kAll = [](const AlertState&) { return true; };
const auto kKeepAll = [](const std::optional<std::string>&, const std::string&) { return true; };

TEST(AlertTable, KeepsTheLatestStateOfEachWindowedAlert) {
  AlertTable table(3);
  table.Record(Alert("r", "k1", true), "{1}");
  table.Record(Alert("r", "k2", true), "{2}");
  table.Record(Alert("r", "k1", false), "{3}");
  engine::Notification every = Alert("every", "k", true);
  every.has_window = false;
  table.Record(every, "{4}");
  auto all = table.List(kAll);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].firing);
  EXPECT_EQ(all[0].notification, "{3}");
  EXPECT_TRUE(all[1].firing);
  EXPECT_EQ(table.List([](const AlertState& a) { return a.firing; }).size(), 1u);
}

TEST(AlertTable, RestoresFromItsCheckpoint) {
  engine::MemoryStateStore store;
  AlertTable table(3);
  table.Record(Alert("r", "k1", true), "{1}");
  table.Record(Alert("gone", "k1", true), "{2}");
  engine::WriteBatch batch;
  table.Checkpoint(kKeepAll, &batch);
  ASSERT_TRUE(store.Write(batch).ok());
  engine::WriteBatch second;
  table.Checkpoint([](const std::optional<std::string>&, const std::string& rule) { return rule != "gone"; }, &second);
  ASSERT_TRUE(store.Write(second).ok());
  EXPECT_EQ(table.List(kAll).size(), 1u);

  AlertTable restored(3), other(4);
  ASSERT_TRUE(restored.Restore(store).ok());
  ASSERT_TRUE(other.Restore(store).ok());
  auto all = restored.List(kAll);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].rule, "r");
  EXPECT_EQ(all[0].tenant, "acme");
  EXPECT_EQ(all[0].notification, "{1}");
  EXPECT_TRUE(other.List(kAll).empty());
}

TEST(AlertTable, KeepsAtMostTheNewestResolved) {
  AlertTable table(0);
  for (size_t i = 0; i < AlertTable::kMaxResolved + 5; ++i) table.Record(Alert("r", "k", false, int64_t(i)), "{}");
  table.Record(Alert("r", "k", true, -1), "{}");
  auto all = table.List(kAll);
  EXPECT_EQ(all.size(), AlertTable::kMaxResolved + 1);
}

}  // namespace
}  // namespace alert::daemon
