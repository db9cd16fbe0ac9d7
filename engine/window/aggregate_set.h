#pragma once

// The aggregates of one rule over one window, or over one sensor's events of
// it (LANGUAGE.md, "Aggregates"): updated incrementally as events join,
// merged when session windows merge, read by `fire when` and `clear when`.
// count() and rate() need only the window's event count; the others keep
// one accumulator each: a running sum (exact on integers while they fit),
// min and max, Welford's mean and squared deviations for stddev, the set of
// distinct canonical values (a sketch beyond a bound), the percentile values
// (likewise), the last value.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "engine/state/codec.h"
#include "engine/window/distinct.h"
#include "engine/window/percentile.h"
#include "runtime/value/scalar.h"
#include "runtime/value/value.h"

namespace alert::engine {

// What one event gives one aggregate: the argument's value, reduced to what
// the aggregate keeps. Computed once per event, added to every window (and
// sensor) the event joins.
struct AggregateInput {
  bool present = false;  // the argument is not nothing (count_if: the condition holds)
  bool numeric = false;  // a number: `number` holds it
  Number number;
  std::string text;      // count_distinct: canonical JSON; last: the value's JSON
  bool scalar = false;   // last: the value is a JSON scalar (`value`)
  Scalar value;

  // Sets the input from `v` for an aggregate of `kind`.
  void Set(checked::Aggregate::Kind kind, const Value& v);
};

struct AggregateLimits {
  // Values kept exactly by each percentile() before it becomes a sketch.
  // Default: 10,000.
  size_t percentile_exact = 10'000;
  // Values kept exactly by each count_distinct() before it becomes a sketch.
  // Default: 100,000.
  size_t distinct_exact = 100'000;
};

class AggregateSet {
 public:
  AggregateSet() = default;
  // Accumulators for `aggregates` (none when every one is count() or rate()).
  explicit AggregateSet(std::span<const checked::Aggregate> aggregates, const AggregateLimits& limits);
  AggregateSet(AggregateSet&&) noexcept = default;
  AggregateSet& operator=(AggregateSet&&) noexcept = default;

  // One event: `inputs` has one entry per aggregate (unused for count and
  // rate). `seq` orders events for last() across merges.
  void Add(std::span<const checked::Aggregate> aggregates, std::span<const AggregateInput> inputs, uint64_t seq);
  // Folds `other` (over the same aggregates) into this set.
  void Merge(std::span<const checked::Aggregate> aggregates, const AggregateSet& other);

  uint64_t count() const { return count_; }
  // The value of aggregate `id` over a window of `window_ms` (rate() only).
  Value Read(const checked::Aggregate& aggregate, uint32_t id, int64_t window_ms) const;

  // Heap and inline bytes, for the memory figures.
  size_t bytes() const;

  // The set as bytes, and back into a set constructed for the same aggregates.
  void Encode(Encoder& out) const;
  bool Decode(Decoder& in);

 private:
  struct Extra {
    DistinctValues distinct;
    PercentileValues percentile;
    std::string last;         // JSON of the last value, when not a scalar
    Scalar last_scalar;
    bool last_is_scalar = false;
    std::unique_ptr<simdjson::dom::parser> last_parser;  // holds `last` parsed, when a container
    explicit Extra(const AggregateLimits& limits)
        : distinct(limits.distinct_exact), percentile(limits.percentile_exact) {}
  };
  struct Accumulator {
    uint64_t n = 0;  // values taken
    Number a;        // sum, or min, or max
    double mean = 0, m2 = 0;
    uint64_t last_seq = 0;
    std::unique_ptr<Extra> extra;
  };

  size_t slots() const { return acc_ ? acc_->size() : 0; }
  std::span<Accumulator> accumulators() const {
    return acc_ ? std::span<Accumulator>(*acc_) : std::span<Accumulator>();
  }

  uint64_t count_ = 0;
  std::unique_ptr<std::vector<Accumulator>> acc_;  // null when only count() and rate() are read
};

}  // namespace alert::engine
