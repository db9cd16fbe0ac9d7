#pragma once

// The values of a `count_distinct(E)` aggregate, as canonical JSON (equal
// exactly when == holds): kept exactly up to a bound, then folded into a
// HyperLogLog sketch (2^14 one-byte registers, 16 KiB; standard error about
// 0.8 %, linear counting for small counts) so that a window's memory stays
// bounded whatever the stream. The hash is fixed (FNV-1a 64 with a
// SplitMix64 finish), so sketches survive a checkpoint and merge across runs.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "engine/state/codec.h"

namespace alert::engine {

class DistinctValues {
 public:
  // At most `exact_limit` values are kept exactly; default 100,000.
  explicit DistinctValues(size_t exact_limit = 100'000) : exact_limit_(exact_limit) {}

  void Add(std::string_view canonical);
  void Merge(const DistinctValues& other);
  // The number of distinct values (an estimate once a sketch).
  uint64_t Count() const;

  bool exact() const { return registers_.empty(); }
  size_t bytes() const;
  void Encode(Encoder& out) const;
  bool Decode(Decoder& in);

 private:
  static constexpr int kPrecision = 14;
  static constexpr int kMaxRank = 64 - kPrecision + 1;
  static unsigned __int128 Term(uint8_t rank);
  void ToSketch();
  void AddHash(uint64_t h);
  void Recount();  // sum_ and zeros_ from the registers

  size_t exact_limit_;
  absl::flat_hash_set<std::string> values_;
  std::vector<uint8_t> registers_;  // empty while exact
  // Over the registers: the sum of 2^-r in fixed point (Term), exact, and
  // how many are 0; kept as registers change.
  unsigned __int128 sum_ = 0;
  uint32_t zeros_ = 0;
};

}  // namespace alert::engine
