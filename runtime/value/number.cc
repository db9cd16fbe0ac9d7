#include "runtime/value/number.h"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

namespace alert {
namespace {

constexpr double kTwoPow63 = 9223372036854775808.0;
constexpr double kTwoPow64 = 18446744073709551616.0;

std::partial_ordering CompareIntDouble(int64_t i, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d >= kTwoPow63) return std::partial_ordering::less;
  if (d < -kTwoPow63) return std::partial_ordering::greater;
  const double t = std::trunc(d);
  const int64_t ti = static_cast<int64_t>(t);
  if (i != ti) return i < ti ? std::partial_ordering::less : std::partial_ordering::greater;
  if (d > t) return std::partial_ordering::less;
  if (d < t) return std::partial_ordering::greater;
  return std::partial_ordering::equivalent;
}

std::partial_ordering CompareUintDouble(uint64_t u, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d < 0) return std::partial_ordering::greater;
  if (d >= kTwoPow64) return std::partial_ordering::less;
  const double t = std::trunc(d);
  const uint64_t tu = static_cast<uint64_t>(t);
  if (u != tu) return u < tu ? std::partial_ordering::less : std::partial_ordering::greater;
  if (d > t) return std::partial_ordering::less;
  return std::partial_ordering::equivalent;
}

std::partial_ordering Reverse(std::partial_ordering o) {
  if (o == std::partial_ordering::less) return std::partial_ordering::greater;
  if (o == std::partial_ordering::greater) return std::partial_ordering::less;
  return o;
}

}  // namespace

const size_t Number::kKindOffset = offsetof(Number, kind_);
const size_t Number::kIntOffset = offsetof(Number, int_);
const size_t Number::kUintOffset = offsetof(Number, uint_);
const size_t Number::kDoubleOffset = offsetof(Number, double_);

std::optional<Number> Number::Parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool integral = text.find_first_of(".eE") == std::string_view::npos;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (integral) {
    if (text[0] == '-') {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && ptr == last) return Int(v);
    } else {
      uint64_t v = 0;
      auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && ptr == last) return Uint(v);
    }
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(first, last, d);
  if (ec != std::errc() || ptr != last || !std::isfinite(d)) return std::nullopt;
  return Double(d);
}

std::optional<Number> Number::FromJson(std::string_view text) {
  if (auto n = Parse(text)) return n;
  // Parse refused it: bad text, or out of the double range. strtod tells
  // overflow (±HUGE_VAL) from underflow (a value at most DBL_MIN); the JSON
  // grammar has no locale-dependent character.
  if (text.empty()) return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  const double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || copy.find_first_of("xXnNiIpP") != std::string::npos) return std::nullopt;
  if (std::isinf(d)) return Double(std::copysign(std::numeric_limits<double>::max(), d));
  return Double(d);
}

Number Number::Negated() const {
  switch (kind_) {
    case Kind::kInt:
      return int_ == INT64_MIN ? Uint(static_cast<uint64_t>(INT64_MAX) + 1) : Int(-int_);
    case Kind::kUint:
      return uint_ == static_cast<uint64_t>(INT64_MAX) + 1 ? Int(INT64_MIN) : Double(-static_cast<double>(uint_));
    case Kind::kDouble: return Double(-double_);
  }
  return *this;
}

double Number::ToDouble() const {
  switch (kind_) {
    case Kind::kInt: return static_cast<double>(int_);
    case Kind::kUint: return static_cast<double>(uint_);
    case Kind::kDouble: return double_;
  }
  return 0;
}

bool Number::IsIntegral() const {
  return kind_ != Kind::kDouble || (std::isfinite(double_) && std::trunc(double_) == double_);
}

std::string Number::ToString() const {
  switch (kind_) {
    case Kind::kInt: return std::to_string(int_);
    case Kind::kUint: return std::to_string(uint_);
    case Kind::kDouble:
      if (IsIntegral() && std::fabs(double_) < 1e15) return fmt::format("{}", static_cast<int64_t>(double_));
      return fmt::format("{}", double_);
  }
  return {};
}

std::partial_ordering operator<=>(const Number& a, const Number& b) {
  using K = Number::Kind;
  switch (a.kind_) {
    case K::kInt:
      switch (b.kind_) {
        case K::kInt: return a.int_ <=> b.int_;
        case K::kUint: return std::partial_ordering::less;  // b > INT64_MAX
        case K::kDouble: return CompareIntDouble(a.int_, b.double_);
      }
      break;
    case K::kUint:
      switch (b.kind_) {
        case K::kInt: return std::partial_ordering::greater;
        case K::kUint: return a.uint_ <=> b.uint_;
        case K::kDouble: return CompareUintDouble(a.uint_, b.double_);
      }
      break;
    case K::kDouble:
      switch (b.kind_) {
        case K::kInt: return Reverse(CompareIntDouble(b.int_, a.double_));
        case K::kUint: return Reverse(CompareUintDouble(b.uint_, a.double_));
        case K::kDouble: return a.double_ <=> b.double_;
      }
      break;
  }
  return std::partial_ordering::unordered;
}

}  // namespace alert
