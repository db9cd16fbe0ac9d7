#pragma once

#include "runtime/value/value.h"

namespace alert {

enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kRem };

// Arithmetic of the rule language (LANGUAGE.md, "Meaning"): numbers only,
// exact on 64-bit integers while the result fits, nothing for anything else,
// for division or remainder by zero, and for a result that is not finite.
// `%` keeps the sign of the dividend. One definition for the interpreter, the
// optimizer's constant folding and the functions compiled code calls.
Value Arithmetic(ArithOp op, const Value& a, const Value& b);

}  // namespace alert
