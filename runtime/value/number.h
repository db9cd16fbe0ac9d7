#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alert {

// A JSON number that keeps 64-bit integers exact: an int64, a uint64 above
// INT64_MAX, or a double. Comparisons between the three are exact (a tweet id
// beyond 2^53 never equals its neighbour through a rounding to double).
class Number {
 public:
  enum class Kind : uint8_t { kInt, kUint, kDouble };

  constexpr Number() = default;
  static constexpr Number Int(int64_t v) { return Number(Kind::kInt, v, 0, 0); }
  // Stays an int when it fits one.
  static constexpr Number Uint(uint64_t v) {
    return v <= static_cast<uint64_t>(INT64_MAX) ? Int(static_cast<int64_t>(v)) : Number(Kind::kUint, 0, v, 0);
  }
  static constexpr Number Double(double v) { return Number(Kind::kDouble, 0, 0, v); }

  // Parses JSON number text (RFC 8259 grammar, which RFC 9535 shares).
  // Integers without fraction or exponent stay exact when they fit 64 bits;
  // everything else becomes the nearest double. Returns nullopt on bad text
  // or a value that overflows a double.
  static std::optional<Number> Parse(std::string_view text);
  // Reads a number of an event: as Parse, except that a magnitude beyond the
  // double range is the largest finite double of its sign
  // (±1.7976931348623157e308), so every valid JSON number has a value.
  // Returns nullopt on bad text only.
  static std::optional<Number> FromJson(std::string_view text);

  Kind kind() const { return kind_; }
  bool is_int() const { return kind_ == Kind::kInt; }
  int64_t int_value() const { return int_; }
  uint64_t uint_value() const { return uint_; }
  double double_value() const { return double_; }
  // The value as a double (rounded for large integers).
  double ToDouble() const;
  // True for an integer value, whatever its kind (2.0 included).
  bool IsIntegral() const;
  bool IsNan() const { return kind_ == Kind::kDouble && double_ != double_; }
  // -x, exact where the result is an integer that fits 64 bits.
  Number Negated() const;

  // Shortest text that reads back to the same value ("1", "2.5", "1e+300").
  std::string ToString() const;

  friend std::partial_ordering operator<=>(const Number& a, const Number& b);
  friend bool operator==(const Number& a, const Number& b) { return (a <=> b) == 0; }

 private:
  friend class Value;  // for its layout (Value::GetLayout)
  static const size_t kKindOffset;
  static const size_t kIntOffset;
  static const size_t kUintOffset;
  static const size_t kDoubleOffset;

  constexpr Number(Kind k, int64_t i, uint64_t u, double d) : kind_(k), int_(i), uint_(u), double_(d) {}

  Kind kind_ = Kind::kInt;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double double_ = 0;
};

}  // namespace alert
