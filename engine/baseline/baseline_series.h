#pragma once

// The samples behind a baseline (LANGUAGE.md, "Meaning": mean, stddev and
// zscore over a trailing D, per group key): the numeric values of a key's
// events with their event times, ordered by time. A reading at t uses the
// samples with time in [t − D, t], computed exactly (two passes over them).
// Samples older than what any later reading can ask for (the watermark
// minus D and the rule's lateness) are dropped, and beyond a bound on their
// number the oldest go first, so a key's memory is bounded.
//
// In a state store each sample is a value of its own, under a key that
// orders as the samples do (time, then arrival), so a checkpoint writes the
// samples added since the previous one and one range delete for those that
// were dropped, whatever the number of samples kept.

#include <cstdint>
#include <deque>
#include <optional>

#include <string>
#include <vector>

#include "engine/state/codec.h"
#include "engine/state/state_store.h"

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

  // The changes since the last Committed, as puts and deletes of the
  // samples under `prefix` (each sample's key is prefix + time + arrival).
  // `replace`: what the store holds under `prefix` is not this series'
  // (the key was dropped and made again): delete it all first.
  void SaveChanges(const std::string& prefix, bool replace, Family family, WriteBatch* batch) const;
  void Committed();
  // One sample read back from the store, in key order: false when the key
  // is not a sample's or does not follow the previous one.
  bool LoadSample(std::string_view key_tail, std::string_view value);

 private:
  struct Sample {
    int64_t time;
    uint64_t id;  // arrival
    double value;
  };
  static std::string SampleKey(const std::string& prefix, const Sample& s);
  std::deque<Sample> samples_;  // by time; equal times in arrival order
  uint64_t next_id_ = 0;
  std::vector<Sample> added_;  // since the last commit
  bool dropped_ = false;       // samples left the front since the last commit
};

}  // namespace alert::engine
