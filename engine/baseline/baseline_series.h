#pragma once

// The samples behind a baseline (LANGUAGE.md, "Meaning": mean, stddev and
// zscore over a trailing D, per group key): the numeric values of a key's
// events with their event times, ordered by time. A reading at t uses the
// samples with time in [t − D, t], computed exactly (two passes over them).
// Samples older than what any later reading can ask for (the watermark
// minus D and the rule's lateness) are dropped, and beyond a bound on their
// number the oldest go first, so a key's memory is bounded.

#include <cstdint>
#include <deque>
#include <optional>

#include "engine/state/codec.h"

namespace alert::engine {

class BaselineSeries {
 public:
  // Fewer samples than this read as nothing.
  static constexpr uint64_t kMinSamples = 10;

  struct Stats {
    uint64_t n = 0;
    double mean = 0;
    double stddev = 0;  // population
  };

  // Keeps at most `max_samples` samples, dropping the oldest.
  void Add(int64_t time, double value, size_t max_samples);
  // The samples with time in [from, to].
  Stats Read(int64_t from, int64_t to) const;
  // Drops the samples older than `before`.
  void Expire(int64_t before);

  // The latest sample's value (by time).
  std::optional<double> last() const {
    return samples_.empty() ? std::nullopt : std::optional<double>(samples_.back().value);
  }
  size_t size() const { return samples_.size(); }
  size_t bytes() const { return sizeof(*this) + samples_.size() * sizeof(Sample); }

  void Encode(Encoder& out) const;
  bool Decode(Decoder& in);

 private:
  struct Sample {
    int64_t time;
    double value;
  };
  std::deque<Sample> samples_;  // by time; equal times in arrival order
};

}  // namespace alert::engine
