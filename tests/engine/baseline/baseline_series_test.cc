// Baseline samples: exact mean and stddev over [from, to], out-of-order
// samples, expiry and the bound, and the store form (one key per sample,
// puts for the new and one range delete for the dropped).

#include "engine/baseline/baseline_series.h"

#include <gtest/gtest.h>

#include <cmath>

namespace alert::engine {
namespace {

TEST(BaselineSeries, ReadsExactMeanAndStddevOfTheRange) {
  BaselineSeries s;
  for (int t = 0; t < 10; ++t) s.Add(t, t % 2 ? 4.0 : 2.0, 100);
  const auto all = s.Read(0, 9);
  EXPECT_EQ(all.n, 10u);
  EXPECT_DOUBLE_EQ(all.mean, 3.0);
  EXPECT_DOUBLE_EQ(all.stddev, 1.0);
  EXPECT_EQ(s.Read(2, 3).n, 2u);
  EXPECT_EQ(s.Read(20, 30).n, 0u);
}

TEST(BaselineSeries, KeepsTimeOrderExpiresAndBounds) {
  BaselineSeries s;
  s.Add(10, 1, 3);
  s.Add(5, 2, 3);  // out of order
  s.Add(10, 3, 3);
  EXPECT_EQ(s.last(), 3.0) << "the latest by time, the last of equal times";
  s.Add(20, 4, 3);  // past the bound: the oldest (t=5) goes
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.Read(0, 9).n, 0u);
  s.Expire(11);
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.last(), 4.0);
}

TEST(BaselineSeries, StoresOneKeyPerSampleAndRestoresThem) {
  BaselineSeries s;
  for (int t = 0; t < 5; ++t) s.Add(t, t, 100);
  MemoryStateStore store;
  auto commit = [&](bool replace) {
    WriteBatch batch;
    s.SaveChanges("b/", replace, Family::kState, &batch);
    EXPECT_TRUE(store.Write(batch).ok());
    s.Committed();
    return batch.count();
  };
  EXPECT_EQ(commit(false), 5u);
  s.Add(5, 5, 100);
  s.Expire(2);  // drops t = 0, 1
  EXPECT_EQ(commit(false), 2u) << "one put and one range delete";
  EXPECT_EQ(store.size(Family::kState), 4u);
  BaselineSeries restored;
  ASSERT_TRUE(store.Scan(Family::kState, "b/", [&](std::string_view key, std::string_view value) {
                     EXPECT_TRUE(restored.LoadSample(key.substr(2), value));
                     return true;
                   }).ok());
  EXPECT_EQ(restored.size(), 4u);
  const auto a = s.Read(0, 10), b = restored.Read(0, 10);
  EXPECT_EQ(a.n, b.n);
  EXPECT_DOUBLE_EQ(a.mean, b.mean);
  // A sample out of key order is refused (a corrupt store).
  EXPECT_FALSE(restored.LoadSample(std::string(16, '\0'), std::string(8, '\0')));
}

}  // namespace
}  // namespace alert::engine
