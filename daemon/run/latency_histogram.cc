#include "daemon/run/latency_histogram.h"

#include <algorithm>

namespace alert::daemon {

void LatencyHistogram::Observe(double seconds) {
  seconds = std::max(0.0, seconds);  // clocks of two hosts may disagree
  const auto bound = std::lower_bound(kBounds.begin(), kBounds.end(), seconds);
  if (bound != kBounds.end()) ++buckets[bound - kBounds.begin()];
  ++count;
  sum += seconds;
}

void LatencyHistogram::Add(const LatencyHistogram& o) {
  for (size_t i = 0; i < buckets.size(); ++i) buckets[i] += o.buckets[i];
  count += o.count;
  sum += o.sum;
}

}  // namespace alert::daemon
