#include "engine/window/percentile.h"

#include <algorithm>
#include <cmath>

namespace alert::engine {
namespace {

constexpr double kAccuracy = 0.01;
const double kGamma = (1 + kAccuracy) / (1 - kAccuracy);
const double kLogGamma = std::log(kGamma);

int32_t Bucket(double magnitude) { return static_cast<int32_t>(std::ceil(std::log(magnitude) / kLogGamma)); }
double BucketValue(int32_t i) { return 2 * std::pow(kGamma, i) / (kGamma + 1); }

uint64_t Rank(double q, uint64_t n) {
  const double r = std::ceil(q * static_cast<double>(n));
  return std::max<uint64_t>(1, std::min<uint64_t>(n, static_cast<uint64_t>(std::max(r, 0.0))));
}

}  // namespace

void PercentileValues::Add(double x) {
  ++count_;
  if (sketch_) {
    AddToSketch(x);
    return;
  }
  if (!values_.empty() && x < values_.back()) sorted_ = false;
  values_.push_back(x);
  if (values_.size() > exact_limit_) ToSketch();
}

void PercentileValues::AddToSketch(double x) {
  if (x == 0) {
    ++sketch_->zeros;
  } else if (x > 0) {
    ++sketch_->positive[Bucket(x)];
  } else {
    ++sketch_->negative[Bucket(-x)];
  }
}

void PercentileValues::ToSketch() {
  sketch_ = std::make_unique<Sketch>();
  for (double x : values_) AddToSketch(x);
  values_.clear();
  values_.shrink_to_fit();
}

void PercentileValues::Merge(const PercentileValues& other) {
  if (other.sketch_) {
    if (!sketch_) ToSketch();
    for (const auto& [b, n] : other.sketch_->negative) sketch_->negative[b] += n;
    for (const auto& [b, n] : other.sketch_->positive) sketch_->positive[b] += n;
    sketch_->zeros += other.sketch_->zeros;
    count_ += other.count_;
    return;
  }
  for (double x : other.values_) Add(x);
}

std::optional<double> PercentileValues::Quantile(double q) const {
  if (count_ == 0) return std::nullopt;
  const uint64_t rank = Rank(q, count_);
  if (!sketch_) {
    if (!sorted_) {
      std::sort(values_.begin(), values_.end());
      sorted_ = true;
    }
    return values_[rank - 1];
  }
  uint64_t seen = 0;
  // Ascending: the most negative (largest magnitude) first, zeros, positives.
  for (auto it = sketch_->negative.rbegin(); it != sketch_->negative.rend(); ++it) {
    seen += it->second;
    if (seen >= rank) return -BucketValue(it->first);
  }
  seen += sketch_->zeros;
  if (seen >= rank) return 0.0;
  for (const auto& [b, n] : sketch_->positive) {
    seen += n;
    if (seen >= rank) return BucketValue(b);
  }
  return BucketValue(sketch_->positive.rbegin()->first);
}

size_t PercentileValues::bytes() const {
  size_t b = sizeof(*this) + values_.capacity() * sizeof(double);
  if (sketch_) b += sizeof(Sketch) + (sketch_->negative.size() + sketch_->positive.size()) * 48;
  return b;
}

void PercentileValues::Encode(Encoder& out) const {
  out.U64(count_);
  out.Bool(sketch_ != nullptr);
  if (!sketch_) {
    out.U64(values_.size());
    for (double x : values_) out.Double(x);
    return;
  }
  for (const auto* side : {&sketch_->negative, &sketch_->positive}) {
    out.U64(side->size());
    for (const auto& [bucket, n] : *side) {
      out.I64(bucket);
      out.U64(n);
    }
  }
  out.U64(sketch_->zeros);
}

bool PercentileValues::Decode(Decoder& in) {
  count_ = in.U64();
  values_.clear();
  sketch_.reset();
  sorted_ = false;
  if (!in.Bool()) {
    const uint64_t n = in.Count();
    for (uint64_t i = 0; i < n && in.ok(); ++i) values_.push_back(in.Double());
    return in.ok();
  }
  sketch_ = std::make_unique<Sketch>();
  for (auto* side : {&sketch_->negative, &sketch_->positive}) {
    const uint64_t n = in.Count();
    for (uint64_t i = 0; i < n && in.ok(); ++i) {
      const auto bucket = static_cast<int32_t>(in.I64());
      (*side)[bucket] = in.U64();
    }
  }
  sketch_->zeros = in.U64();
  return in.ok();
}

}  // namespace alert::engine
