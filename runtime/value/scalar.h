#pragma once

#include <string>

#include "runtime/value/number.h"

namespace alert {

// A JSON scalar constant: null, true/false, a number or a string.
struct Scalar {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  Number number;
  std::string string;

  static Scalar Null() { return {}; }
  static Scalar Bool(bool b) { return {Kind::kBool, b, {}, {}}; }
  static Scalar Num(Number n) { return {Kind::kNumber, false, n, {}}; }
  static Scalar Str(std::string s) { return {Kind::kString, false, {}, std::move(s)}; }

  // The scalar as JSON text.
  std::string ToJson() const;
};

}  // namespace alert
