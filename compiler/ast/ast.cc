#include "compiler/ast/ast.h"

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
