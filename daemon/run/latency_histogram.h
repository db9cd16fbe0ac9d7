#pragma once

// Event-to-alert latency: an alert's send time minus its event's Kafka
// timestamp, counted in Prometheus's default buckets (seconds). Each
// partition worker keeps its own; a status snapshot sums them.

#include <array>
#include <cstdint>

namespace alert::daemon {

struct LatencyHistogram {
  static constexpr std::array<double, 11> kBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  std::array<uint64_t, kBounds.size()> buckets{};  // per bound, not cumulative
  uint64_t count = 0;                               // every observation, those above the last bound too
  double sum = 0;

  void Observe(double seconds);
  void Add(const LatencyHistogram& o);
};

}  // namespace alert::daemon
