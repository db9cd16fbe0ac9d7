#include "engine/baseline/baseline_series.h"

#include <algorithm>
#include <cmath>

namespace alert::engine {

void BaselineSeries::Add(int64_t time, double value, size_t max_samples) {
  if (samples_.empty() || samples_.back().time <= time) {
    samples_.push_back({time, value});
  } else {
    // Out of order: after every sample at or before `time`.
    const auto at = std::upper_bound(samples_.begin(), samples_.end(), time,
                                     [](int64_t t, const Sample& s) { return t < s.time; });
    samples_.insert(at, {time, value});
  }
  while (samples_.size() > max_samples) samples_.pop_front();
}

BaselineSeries::Stats BaselineSeries::Read(int64_t from, int64_t to) const {
  const auto first = std::lower_bound(samples_.begin(), samples_.end(), from,
                                      [](const Sample& s, int64_t t) { return s.time < t; });
  Stats stats;
  double sum = 0;
  auto it = first;
  for (; it != samples_.end() && it->time <= to; ++it) {
    sum += it->value;
    ++stats.n;
  }
  if (stats.n == 0) return stats;
  stats.mean = sum / static_cast<double>(stats.n);
  double squares = 0;
  for (auto s = first; s != it; ++s) squares += (s->value - stats.mean) * (s->value - stats.mean);
  stats.stddev = std::sqrt(squares / static_cast<double>(stats.n));
  return stats;
}

void BaselineSeries::Expire(int64_t before) {
  while (!samples_.empty() && samples_.front().time < before) samples_.pop_front();
}

void BaselineSeries::Encode(Encoder& out) const {
  out.U64(samples_.size());
  for (const Sample& s : samples_) {
    out.I64(s.time);
    out.Double(s.value);
  }
}

bool BaselineSeries::Decode(Decoder& in) {
  samples_.clear();
  const uint64_t n = in.Count();
  for (uint64_t i = 0; i < n && in.ok(); ++i) {
    const int64_t time = in.I64();
    samples_.push_back({time, in.Double()});
  }
  return in.ok();
}

}  // namespace alert::engine
