#include "engine/baseline/baseline_series.h"

#include <algorithm>
#include <cmath>

namespace alert::engine {

void BaselineSeries::Add(int64_t time, double value, size_t max_samples) {
  const Sample sample{time, next_id_++, value};
  if (samples_.empty() || samples_.back().time <= time) {
    samples_.push_back(sample);
  } else {
    // Out of order: after every sample at or before `time`.
    const auto at = std::upper_bound(samples_.begin(), samples_.end(), time,
                                     [](int64_t t, const Sample& s) { return t < s.time; });
    samples_.insert(at, sample);
  }
  added_.push_back(sample);
  while (samples_.size() > max_samples) {
    samples_.pop_front();
    dropped_ = true;
  }
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
  while (!samples_.empty() && samples_.front().time < before) {
    samples_.pop_front();
    dropped_ = true;
  }
}

std::string BaselineSeries::SampleKey(const std::string& prefix, const Sample& s) {
  std::string key = prefix;
  AppendOrdered(key, s.time);
  AppendOrdered(key, static_cast<int64_t>(s.id));
  return key;
}

void BaselineSeries::SaveChanges(const std::string& prefix, bool replace, Family family, WriteBatch* batch) const {
  if (replace) batch->DeletePrefix(family, prefix);
  // Puts first: a sample added and dropped since the last commit is then
  // deleted by the range below.
  for (const Sample& s : added_) {
    Encoder value;
    value.Double(s.value);
    batch->Put(family, SampleKey(prefix, s), value.Take());
  }
  if (!dropped_ || replace) return;
  if (samples_.empty()) {
    batch->DeletePrefix(family, prefix);
  } else {
    batch->DeleteRange(family, prefix, SampleKey(prefix, samples_.front()));
  }
}

void BaselineSeries::Committed() {
  added_.clear();
  dropped_ = false;
}

bool BaselineSeries::LoadSample(std::string_view key_tail, std::string_view value) {
  int64_t time = 0, id = 0;
  if (key_tail.size() != 16 || !ReadOrdered(key_tail, 0, &time) || !ReadOrdered(key_tail, 8, &id) || id < 0) {
    return false;
  }
  Decoder in(value);
  const double v = in.Double();
  if (!in.ok() || !in.done()) return false;
  const Sample sample{time, static_cast<uint64_t>(id), v};
  if (!samples_.empty() && (samples_.back().time > time || (samples_.back().time == time && samples_.back().id >= sample.id))) {
    return false;
  }
  samples_.push_back(sample);
  next_id_ = std::max(next_id_, sample.id + 1);
  return true;
}

}  // namespace alert::engine
