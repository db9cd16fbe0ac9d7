#include "engine/window/distinct.h"

#include <algorithm>
#include <cmath>

#include "runtime/text/fnv.h"

namespace alert::engine {
namespace {

uint64_t Hash(std::string_view s) {
  uint64_t h = Fnv1a64(s);
  // SplitMix64's finalizer spreads FNV's low-entropy high bits.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

}  // namespace

void DistinctValues::Add(std::string_view canonical) {
  if (!registers_.empty()) {
    AddHash(Hash(canonical));
    return;
  }
  values_.emplace(canonical);
  if (values_.size() > exact_limit_) ToSketch();
}

// 2^-rank in fixed point: 2^(kMaxRank - rank), exact in integers.
unsigned __int128 DistinctValues::Term(uint8_t rank) { return static_cast<unsigned __int128>(1) << (kMaxRank - rank); }

void DistinctValues::AddHash(uint64_t h) {
  const uint64_t index = h >> (64 - kPrecision);
  const uint64_t rest = h << kPrecision;
  const auto rank = static_cast<uint8_t>(rest == 0 ? kMaxRank : __builtin_clzll(rest) + 1);
  uint8_t& r = registers_[index];
  if (rank <= r) return;
  // The estimate's sum and zero count follow each change: Count() is O(1).
  sum_ = sum_ - Term(r) + Term(rank);
  zeros_ -= r == 0;
  r = rank;
}

void DistinctValues::Recount() {
  sum_ = 0;
  zeros_ = 0;
  for (const uint8_t r : registers_) {
    sum_ += Term(r);
    zeros_ += r == 0;
  }
}

void DistinctValues::ToSketch() {
  registers_.assign(size_t{1} << kPrecision, 0);
  Recount();
  for (const std::string& v : values_) AddHash(Hash(v));
  values_ = {};
}

void DistinctValues::Merge(const DistinctValues& other) {
  if (other.registers_.empty()) {
    for (const std::string& v : other.values_) Add(v);
    return;
  }
  if (registers_.empty()) ToSketch();
  for (size_t i = 0; i < registers_.size(); ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
  Recount();
}

uint64_t DistinctValues::Count() const {
  if (registers_.empty()) return values_.size();
  const double m = static_cast<double>(registers_.size());
  const double sum = std::ldexp(static_cast<double>(sum_), -kMaxRank);
  const size_t zeros = zeros_;
  double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  return static_cast<uint64_t>(std::llround(estimate));
}

size_t DistinctValues::bytes() const {
  size_t b = sizeof(*this) + registers_.capacity();
  for (const std::string& v : values_) b += sizeof(std::string) + 1 + (v.size() > 15 ? v.capacity() : 0);
  return b;
}

void DistinctValues::Encode(Encoder& out) const {
  out.Bool(!registers_.empty());
  if (!registers_.empty()) {
    out.String(std::string_view(reinterpret_cast<const char*>(registers_.data()), registers_.size()));
    return;
  }
  out.U64(values_.size());
  for (const std::string& v : values_) out.String(v);
}

bool DistinctValues::Decode(Decoder& in) {
  values_.clear();
  registers_.clear();
  if (in.Bool()) {
    const std::string bytes = in.String();
    if (bytes.size() != (size_t{1} << kPrecision)) return false;
    registers_.assign(bytes.begin(), bytes.end());
    for (const uint8_t r : registers_) {
      if (r > kMaxRank) return false;
    }
    Recount();
    return in.ok();
  }
  const uint64_t n = in.Count();
  for (uint64_t i = 0; i < n && in.ok(); ++i) values_.insert(in.String());
  return in.ok();
}

}  // namespace alert::engine
