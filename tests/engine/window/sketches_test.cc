// The bounded aggregates: percentile() and count_distinct() are exact up to
// their bound and within their documented error beyond it; both merge (for
// sessions) and survive their byte encoding (for checkpoints).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "engine/window/distinct.h"
#include "engine/window/percentile.h"

namespace alert::engine {
namespace {

TEST(PercentileValues, ExactIsNearestRank) {
  PercentileValues p;
  EXPECT_FALSE(p.Quantile(0.5).has_value());
  for (double x : {300.0, 100.0, 200.0, 400.0, 1000.0}) p.Add(x);
  EXPECT_EQ(*p.Quantile(0.9), 1000);  // rank ceil(4.5) = 5
  EXPECT_EQ(*p.Quantile(0.5), 300);   // rank ceil(2.5) = 3
  EXPECT_EQ(*p.Quantile(0), 100);     // rank max(1, 0) = 1
  EXPECT_EQ(*p.Quantile(1), 1000);
  EXPECT_TRUE(p.exact());
}

TEST(PercentileValues, BeyondTheBoundTheSketchIsWithinOnePercent) {
  std::mt19937_64 rng(4);
  std::lognormal_distribution<double> latency(5, 1.5);
  PercentileValues sketch(1000), exact(1'000'000);
  std::vector<double> all;
  for (int i = 0; i < 200'000; ++i) {
    const double x = (i % 10 == 0 ? -1 : 1) * latency(rng);  // some negative values too
    sketch.Add(x);
    exact.Add(x);
  }
  sketch.Add(0);
  exact.Add(0);
  EXPECT_FALSE(sketch.exact());
  for (double q : {0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999}) {
    const double want = *exact.Quantile(q), got = *sketch.Quantile(q);
    EXPECT_LE(std::fabs(got - want), 0.01 * std::fabs(want) + 1e-9) << "q " << q;
  }
}

TEST(PercentileValues, MergesAndRoundTrips) {
  PercentileValues a(8), b(8);
  for (int i = 0; i < 6; ++i) a.Add(i);
  for (int i = 6; i < 20; ++i) b.Add(i);  // b is a sketch
  a.Merge(b);
  EXPECT_EQ(a.size(), 20u);
  EXPECT_FALSE(a.exact());
  Encoder out;
  a.Encode(out);
  const std::string bytes = out.Take();
  Decoder in(bytes);
  PercentileValues c(8);
  ASSERT_TRUE(c.Decode(in));
  for (double q : {0.1, 0.5, 0.95}) EXPECT_EQ(*c.Quantile(q), *a.Quantile(q));
}

TEST(DistinctValues, ExactUpToTheBound) {
  DistinctValues d(100);
  for (int i = 0; i < 250; ++i) d.Add(std::to_string(i % 100));
  EXPECT_TRUE(d.exact());
  EXPECT_EQ(d.Count(), 100u);
  d.Add("another");
  EXPECT_FALSE(d.exact());
  EXPECT_NEAR(static_cast<double>(d.Count()), 101, 2);  // linear counting is near exact when small
}

TEST(DistinctValues, TheSketchIsWithinThreePercentAndItsMemoryBounded) {
  DistinctValues d(1000);
  for (int i = 0; i < 1'000'000; ++i) d.Add("\"user" + std::to_string(i) + "\"");
  for (int i = 0; i < 1'000'000; ++i) d.Add("\"user" + std::to_string(i) + "\"");  // repeats change nothing
  EXPECT_NEAR(static_cast<double>(d.Count()), 1e6, 3e4);
  EXPECT_LT(d.bytes(), 20'000u);
}

TEST(DistinctValues, MergesExactAndSketchedAndRoundTrips) {
  DistinctValues a(50), b(50);
  for (int i = 0; i < 40; ++i) a.Add(std::to_string(i));
  for (int i = 20; i < 120; ++i) b.Add(std::to_string(i));
  a.Merge(b);
  EXPECT_NEAR(static_cast<double>(a.Count()), 120, 3);
  Encoder out;
  a.Encode(out);
  const std::string bytes = out.Take();
  Decoder in(bytes);
  DistinctValues c(50);
  ASSERT_TRUE(c.Decode(in));
  EXPECT_EQ(c.Count(), a.Count());
  Decoder truncated(std::string_view(bytes).substr(0, bytes.size() / 2));
  EXPECT_FALSE(DistinctValues(50).Decode(truncated));
}

TEST(DistinctValues, TheEstimateKeptAsValuesArriveEqualsOneFromTheRegisters) {
  DistinctValues incremental(1000);
  for (int i = 0; i < 200000; ++i) incremental.Add("v" + std::to_string(i));
  ASSERT_FALSE(incremental.exact());
  // Decode recomputes the estimate's sums from the registers alone.
  Encoder out;
  incremental.Encode(out);
  const std::string bytes = out.Take();
  Decoder in(bytes);
  DistinctValues decoded(1000);
  ASSERT_TRUE(decoded.Decode(in));
  EXPECT_EQ(decoded.Count(), incremental.Count());
  EXPECT_NEAR(static_cast<double>(incremental.Count()), 200000.0, 200000.0 * 0.03);
  // A register past the largest rank is corrupt state, not a value.
  std::string corrupt = bytes;
  corrupt[corrupt.size() - 1] = static_cast<char>(200);
  Decoder bad(corrupt);
  DistinctValues rejected(1000);
  EXPECT_FALSE(rejected.Decode(bad));
}

}  // namespace
}  // namespace alert::engine
