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
