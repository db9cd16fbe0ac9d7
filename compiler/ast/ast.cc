#include "compiler/ast/ast.h"

#include <algorithm>
#include <type_traits>

namespace alert::ast {

bool Path::IsSingular() const {
  if (trailing != TrailingFunction::kNone) return true;
  for (const Segment& s : segments) {
    if (s.descendant || s.selectors.size() != 1) return false;
    const Selector::Kind k = s.selectors[0].kind;
    if (k != Selector::Kind::kName && k != Selector::Kind::kIndex) return false;
  }
  return true;
}

namespace {

uint32_t PathHeight(const Path& path) {
  uint32_t h = 0;
  for (const Segment& s : path.segments) {
    for (const Selector& sel : s.selectors) {
      if (sel.filter) h = std::max(h, sel.filter->height);
    }
  }
  return h;
}

uint32_t MaxHeight(const std::vector<ExprPtr>& exprs) {
  uint32_t h = 0;
  for (const auto& e : exprs) h = std::max(h, e->height);
  return h;
}

}  // namespace

uint32_t HeightOf(const Expr& e) {
  const uint32_t below = std::visit(
      [](const auto& n) -> uint32_t {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, LiteralExpr>) return 0;
        if constexpr (std::is_same_v<T, PathExpr> || std::is_same_v<T, ExistsExpr>) return PathHeight(n.path);
        if constexpr (std::is_same_v<T, UnaryExpr> || std::is_same_v<T, IsExpr>) return n.operand->height;
        if constexpr (std::is_same_v<T, BinaryExpr>) return std::max(n.lhs->height, n.rhs->height);
        if constexpr (std::is_same_v<T, LogicalExpr>) return MaxHeight(n.operands);
        if constexpr (std::is_same_v<T, CallExpr>) return MaxHeight(n.args);
        if constexpr (std::is_same_v<T, ArrayExpr>) return MaxHeight(n.elements);
      },
      e.node);
  return below + 1;
}

const char* BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "||";
    case BinaryOp::kAnd: return "&&";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kMatch: return "=~";
    case BinaryOp::kNotMatch: return "!~";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kContains: return "contains";
    case BinaryOp::kNotContains: return "not contains";
    case BinaryOp::kStartsWith: return "starts with";
    case BinaryOp::kNotStartsWith: return "not starts with";
    case BinaryOp::kEndsWith: return "ends with";
    case BinaryOp::kNotEndsWith: return "not ends with";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kRem: return "%";
  }
  return "";
}

const char* ClauseName(ClauseKind kind) {
  switch (kind) {
    case ClauseKind::kTitle: return "title";
    case ClauseKind::kDescription: return "description";
    case ClauseKind::kSeverity: return "severity";
    case ClauseKind::kScope: return "scope";
    case ClauseKind::kWhen: return "when";
    case ClauseKind::kGroupBy: return "group by";
    case ClauseKind::kWindow: return "window";
    case ClauseKind::kFire: return "fire when";
    case ClauseKind::kClear: return "clear when";
    case ClauseKind::kMessage: return "message";
    case ClauseKind::kDedupe: return "dedupe by";
    case ClauseKind::kTime: return "time";
    case ClauseKind::kLateness: return "lateness";
    case ClauseKind::kBackfill: return "backfill";
    case ClauseKind::kLabels: return "labels";
  }
  return "";
}

std::optional<Span> Rule::ClauseSpan(ClauseKind kind) const {
  for (const auto& [k, span] : clauses) {
    if (k == kind) return span;
  }
  return std::nullopt;
}

}  // namespace alert::ast
