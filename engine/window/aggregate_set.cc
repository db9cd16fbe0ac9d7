#include "engine/window/aggregate_set.h"

#include <algorithm>
#include <cmath>

#include "runtime/json/write_value.h"
#include "runtime/value/arithmetic.h"

namespace alert::engine {

using Kind = checked::Aggregate::Kind;

namespace {

bool NeedsAccumulator(Kind k) { return k != Kind::kCount && k != Kind::kRate; }
bool NeedsExtra(Kind k) { return k == Kind::kCountDistinct || k == Kind::kPercentile || k == Kind::kLast; }

Number Sum(const Number& a, const Number& b) {
  const Value v = Arithmetic(ArithOp::kAdd, Value::Num(a), Value::Num(b));
  // A sum beyond the doubles stays infinite, and reads as nothing.
  return v.is_nothing() ? Number::Double(a.ToDouble() + b.ToDouble()) : v.number();
}

Value Finite(double d) { return std::isfinite(d) ? Value::Num(Number::Double(d)) : Value(); }

}  // namespace

void AggregateInput::Set(Kind kind, const Value& v) {
  present = !v.is_nothing();
  numeric = v.kind() == Value::Kind::kNumber;
  if (numeric) number = v.number();
  text.clear();
  switch (kind) {
    case Kind::kCountIf: present = v.kind() == Value::Kind::kBool && v.boolean(); break;
    case Kind::kCountDistinct:
      if (present) json::AppendCanonical(text, v);
      break;
    case Kind::kLast:
      scalar = v.kind() == Value::Kind::kNull || v.kind() == Value::Kind::kBool || numeric ||
               v.kind() == Value::Kind::kString;
      if (!present) break;
      if (v.kind() == Value::Kind::kNull) value = Scalar::Null();
      if (v.kind() == Value::Kind::kBool) value = Scalar::Bool(v.boolean());
      if (numeric) value = Scalar::Num(v.number());
      if (v.kind() == Value::Kind::kString) value = Scalar::Str(std::string(v.string()));
      if (!scalar) json::AppendValue(text, v);
      break;
    default: break;
  }
}

AggregateSet::AggregateSet(std::span<const checked::Aggregate> aggregates, const AggregateLimits& limits) {
  bool any = false;
  for (const auto& a : aggregates) any = any || NeedsAccumulator(a.kind);
  if (!any) return;
  acc_ = std::make_unique<std::vector<Accumulator>>(aggregates.size());
  for (size_t i = 0; i < aggregates.size(); ++i) {
    if (NeedsExtra(aggregates[i].kind)) (*acc_)[i].extra = std::make_unique<Extra>(limits);
  }
}

void AggregateSet::Add(std::span<const checked::Aggregate> aggregates, std::span<const AggregateInput> inputs,
                       uint64_t seq) {
  ++count_;
  for (size_t i = 0; i < slots(); ++i) {
    const AggregateInput& in = inputs[i];
    Accumulator& acc = (*acc_)[i];
    switch (aggregates[i].kind) {
      case Kind::kCount:
      case Kind::kRate: break;
      case Kind::kCountIf: acc.n += in.present ? 1 : 0; break;
      case Kind::kSum:
      case Kind::kAvg:
        if (!in.numeric) break;
        acc.a = acc.n == 0 ? in.number : Sum(acc.a, in.number);
        ++acc.n;
        break;
      case Kind::kMin:
      case Kind::kMax:
        if (!in.numeric) break;
        if (acc.n == 0 || (aggregates[i].kind == Kind::kMin ? in.number < acc.a : acc.a < in.number)) acc.a = in.number;
        ++acc.n;
        break;
      case Kind::kStddev: {
        if (!in.numeric) break;
        const double x = in.number.ToDouble();
        ++acc.n;
        const double delta = x - acc.mean;
        acc.mean += delta / static_cast<double>(acc.n);
        acc.m2 += delta * (x - acc.mean);
        break;
      }
      case Kind::kCountDistinct:
        if (in.present) acc.extra->distinct.Add(in.text);
        break;
      case Kind::kPercentile:
        if (in.numeric) acc.extra->percentile.Add(in.number.ToDouble());
        break;
      case Kind::kLast:
        if (!in.present) break;
        acc.n = 1;
        acc.last_seq = seq;
        acc.extra->last_is_scalar = in.scalar;
        if (in.scalar) {
          acc.extra->last_scalar = in.value;
        } else {
          acc.extra->last = in.text;
        }
        break;
    }
  }
}

void AggregateSet::Merge(std::span<const checked::Aggregate> aggregates, const AggregateSet& other) {
  count_ += other.count_;
  for (size_t i = 0; i < slots(); ++i) {
    Accumulator& acc = (*acc_)[i];
    const Accumulator& o = (*other.acc_)[i];
    if (o.n == 0 && !o.extra) continue;
    switch (aggregates[i].kind) {
      case Kind::kCount:
      case Kind::kRate: break;
      case Kind::kCountIf: acc.n += o.n; break;
      case Kind::kSum:
      case Kind::kAvg:
        if (o.n == 0) break;
        acc.a = acc.n == 0 ? o.a : Sum(acc.a, o.a);
        acc.n += o.n;
        break;
      case Kind::kMin:
      case Kind::kMax:
        if (o.n == 0) break;
        if (acc.n == 0 || (aggregates[i].kind == Kind::kMin ? o.a < acc.a : acc.a < o.a)) acc.a = o.a;
        acc.n += o.n;
        break;
      case Kind::kStddev: {
        if (o.n == 0) break;
        // Chan et al.'s pairwise combination of Welford states.
        const double na = static_cast<double>(acc.n), nb = static_cast<double>(o.n);
        const double delta = o.mean - acc.mean;
        const double n = na + nb;
        acc.mean += delta * nb / n;
        acc.m2 += o.m2 + delta * delta * na * nb / n;
        acc.n += o.n;
        break;
      }
      case Kind::kCountDistinct: acc.extra->distinct.Merge(o.extra->distinct); break;
      case Kind::kPercentile: acc.extra->percentile.Merge(o.extra->percentile); break;
      case Kind::kLast:
        if (o.n == 0 || (acc.n != 0 && o.last_seq < acc.last_seq)) break;
        acc.n = 1;
        acc.last_seq = o.last_seq;
        acc.extra->last_is_scalar = o.extra->last_is_scalar;
        acc.extra->last_scalar = o.extra->last_scalar;
        acc.extra->last = o.extra->last;
        break;
    }
  }
}

Value AggregateSet::Read(const checked::Aggregate& aggregate, uint32_t id, int64_t window_ms) const {
  const auto count = [](uint64_t n) { return Value::Num(Number::Uint(n)); };
  switch (aggregate.kind) {
    case Kind::kCount: return count(count_);
    case Kind::kRate:
      // count() per second of window length.
      return Arithmetic(ArithOp::kDiv, Value::Num(Number::Uint(count_ * 1000)), Value::Num(Number::Int(window_ms)));
    default: break;
  }
  if (id >= slots()) return Value();
  const Accumulator& acc = (*acc_)[id];
  switch (aggregate.kind) {
    case Kind::kCountIf: return count(acc.n);
    case Kind::kSum:
      if (acc.n == 0) return Value::Num(Number::Int(0));
      return acc.a.kind() == Number::Kind::kDouble ? Finite(acc.a.double_value()) : Value::Num(acc.a);
    case Kind::kAvg:
      if (acc.n == 0) return Value();
      return Arithmetic(ArithOp::kDiv, Value::Num(acc.a), count(acc.n));
    case Kind::kMin:
    case Kind::kMax: return acc.n == 0 ? Value() : Value::Num(acc.a);
    case Kind::kStddev: return acc.n == 0 ? Value() : Finite(std::sqrt(acc.m2 / static_cast<double>(acc.n)));
    case Kind::kCountDistinct: return count(acc.extra->distinct.Count());
    case Kind::kPercentile: {
      const auto q = acc.extra->percentile.Quantile(aggregate.quantile);
      return q ? Finite(*q) : Value();
    }
    case Kind::kLast: {
      if (acc.n == 0) return Value();
      Extra& extra = *acc.extra;
      if (extra.last_is_scalar) {
        const Scalar& s = extra.last_scalar;
        switch (s.kind) {
          case Scalar::Kind::kNull: return Value::Null();
          case Scalar::Kind::kBool: return Value::Bool(s.boolean);
          case Scalar::Kind::kNumber: return Value::Num(s.number);
          case Scalar::Kind::kString: return Value::Str(s.string);
        }
      }
      // A container: parsed from its JSON into the accumulator's own document.
      if (!extra.last_parser) extra.last_parser = std::make_unique<simdjson::dom::parser>();
      simdjson::dom::element root;
      if (extra.last_parser->parse(extra.last).get(root)) return Value();
      return Value::Of(root);
    }
    default: return Value();
  }
}

namespace {

void EncodeNumber(Encoder& out, const Number& n) {
  out.U64(static_cast<uint64_t>(n.kind()));
  switch (n.kind()) {
    case Number::Kind::kInt: out.I64(n.int_value()); break;
    case Number::Kind::kUint: out.U64(n.uint_value()); break;
    case Number::Kind::kDouble: out.Double(n.double_value()); break;
  }
}

Number DecodeNumber(Decoder& in) {
  switch (in.U64()) {
    case 0: return Number::Int(in.I64());
    case 1: return Number::Uint(in.U64());
    default: return Number::Double(in.Double());
  }
}

}  // namespace

void AggregateSet::Encode(Encoder& out) const {
  out.U64(count_);
  out.U64(slots());
  for (const Accumulator& acc : accumulators()) {
    out.U64(acc.n);
    EncodeNumber(out, acc.a);
    out.Double(acc.mean);
    out.Double(acc.m2);
    out.U64(acc.last_seq);
    out.Bool(acc.extra != nullptr);
    if (!acc.extra) continue;
    const Extra& x = *acc.extra;
    x.distinct.Encode(out);
    x.percentile.Encode(out);
    out.Bool(x.last_is_scalar);
    out.U64(static_cast<uint64_t>(x.last_scalar.kind));
    out.Bool(x.last_scalar.boolean);
    EncodeNumber(out, x.last_scalar.number);
    out.String(x.last_scalar.string);
    out.String(x.last);
  }
}

bool AggregateSet::Decode(Decoder& in) {
  count_ = in.U64();
  if (in.U64() != slots()) return false;  // not this rule's aggregates
  for (Accumulator& acc : accumulators()) {
    acc.n = in.U64();
    acc.a = DecodeNumber(in);
    acc.mean = in.Double();
    acc.m2 = in.Double();
    acc.last_seq = in.U64();
    if (in.Bool() != (acc.extra != nullptr)) return false;
    if (!acc.extra) continue;
    Extra& x = *acc.extra;
    if (!x.distinct.Decode(in)) return false;
    if (!x.percentile.Decode(in)) return false;
    x.last_is_scalar = in.Bool();
    x.last_scalar.kind = static_cast<Scalar::Kind>(std::min<uint64_t>(in.U64(), 3));
    x.last_scalar.boolean = in.Bool();
    x.last_scalar.number = DecodeNumber(in);
    x.last_scalar.string = in.String();
    x.last = in.String();
  }
  return in.ok();
}

size_t AggregateSet::bytes() const {
  size_t b = sizeof(*this) + (acc_ ? sizeof(*acc_) + acc_->capacity() * sizeof(Accumulator) : 0);
  for (const Accumulator& acc : accumulators()) {
    if (!acc.extra) continue;
    b += sizeof(Extra) + acc.extra->percentile.bytes() - sizeof(PercentileValues) + acc.extra->distinct.bytes() -
         sizeof(DistinctValues) + acc.extra->last.capacity();
  }
  return b;
}

}  // namespace alert::engine
