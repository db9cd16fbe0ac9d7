#include "runtime/value/arithmetic.h"

#include <cmath>

namespace alert {
namespace {

Value Finite(double d) { return std::isfinite(d) ? Value::Num(Number::Double(d)) : Value(); }

}  // namespace

Value Arithmetic(ArithOp op, const Value& a, const Value& b) {
  using Op = ArithOp;
  if (a.kind() != Value::Kind::kNumber || b.kind() != Value::Kind::kNumber) return Value();
  const Number& x = a.number();
  const Number& y = b.number();
  if ((op == Op::kDiv || op == Op::kRem) && y == Number::Int(0)) return Value();
  if (x.is_int() && y.is_int()) {
    const int64_t i = x.int_value(), j = y.int_value();
    int64_t r = 0;
    switch (op) {
      case Op::kAdd:
        if (!__builtin_add_overflow(i, j, &r)) return Value::Num(Number::Int(r));
        break;
      case Op::kSub:
        if (!__builtin_sub_overflow(i, j, &r)) return Value::Num(Number::Int(r));
        break;
      case Op::kMul:
        if (!__builtin_mul_overflow(i, j, &r)) return Value::Num(Number::Int(r));
        break;
      case Op::kDiv:
        if (!(i == INT64_MIN && j == -1) && i % j == 0) return Value::Num(Number::Int(i / j));
        break;
      case Op::kRem:
        return Value::Num(Number::Int(j == -1 ? 0 : i % j));  // C++ % keeps the dividend's sign
    }
  }
  const double p = x.ToDouble(), q = y.ToDouble();
  switch (op) {
    case Op::kAdd: return Finite(p + q);
    case Op::kSub: return Finite(p - q);
    case Op::kMul: return Finite(p * q);
    case Op::kDiv: return Finite(p / q);
    case Op::kRem: return Finite(std::fmod(p, q));
  }
  return Value();
}

}  // namespace alert
