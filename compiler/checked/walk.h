#pragma once

// Structural helpers over checked expressions, shared by the optimizer and
// the code generator.

#include <functional>

#include "compiler/checked/checked.h"

namespace alert::checked {

// True when `a` and `b` are the same expression (same operators, constants,
// ids and operands); spans are ignored.
bool Same(const Expr& a, const Expr& b);

// A hash consistent with Same().
size_t Hash(const Expr& e);

// A deep copy.
ExprPtr Clone(const Expr& e);
Rule CloneRule(const Rule& rule);

// Calls `visit` on every expression of the rule, operands before the node
// that holds them: `when`, `fire when`, `clear when` and aggregate arguments.
void ForEachExpr(Rule& rule, const std::function<void(Expr&)>& visit);

// Calls `visit` on every expression slot of the rule (the owning pointers),
// so a pass can replace nodes; roots first, then operands (pre-order).
void ForEachRoot(Rule& rule, const std::function<void(ExprPtr&)>& visit);

}  // namespace alert::checked
