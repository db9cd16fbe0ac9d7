#pragma once

// The values of a `percentile(E, q)` aggregate: kept exactly (sorted on
// demand, nearest rank) up to a bound, then folded into a sketch with
// logarithmic buckets (DDSketch's mapping, relative accuracy 1 %): a value x
// lands in bucket ceil(log_γ |x|), γ = (1 + 0.01) / (1 − 0.01), and a rank
// that falls in a bucket answers 2γ^i / (γ + 1) with the value's sign, so
// every answer is within 1 % of a value at that rank. Zero is exact.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "engine/state/codec.h"

namespace alert::engine {

class PercentileValues {
 public:
  // At most `exact_limit` values are kept exactly; default 10,000.
  explicit PercentileValues(size_t exact_limit = 10'000) : exact_limit_(exact_limit) {}

  void Add(double x);
  void Merge(const PercentileValues& other);
  // The value at rank max(1, ceil(q·n)) of the sorted values; nullopt for no values.
  std::optional<double> Quantile(double q) const;

  uint64_t size() const { return count_; }
  bool exact() const { return sketch_ == nullptr; }
  size_t bytes() const;

  void Encode(Encoder& out) const;
  bool Decode(Decoder& in);

 private:
  struct Sketch {
    std::map<int32_t, uint64_t> negative;  // bucket of |x| -> count
    std::map<int32_t, uint64_t> positive;
    uint64_t zeros = 0;
  };
  void ToSketch();
  void AddToSketch(double x);

  size_t exact_limit_;
  uint64_t count_ = 0;
  mutable std::vector<double> values_;  // exact, sorted lazily
  mutable bool sorted_ = true;
  std::unique_ptr<Sketch> sketch_;
};

}  // namespace alert::engine
