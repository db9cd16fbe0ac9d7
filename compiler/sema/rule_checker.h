#pragma once

// The checker's working state for one rule. Internal to compiler/sema.

#include <map>
#include <optional>
#include <string>

#include "compiler/ast/ast.h"
#include "compiler/checked/checked.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/limits.h"

namespace alert::sema {

// Lowers ast paths to runtime queries, applying RFC 9535's rules to filters.
// Shared by the rule checker and CheckQuery.
class PathLowering {
 public:
  explicit PathLowering(diag::Diagnostics* diagnostics) : diagnostics_(diagnostics) {}

  // Nullopt (with diagnostics) when a filter inside is ill-typed.
  std::optional<jsonpath::Query> Lower(const ast::Path& path);

 private:
  std::optional<jsonpath::FilterExpr> Logical(const ast::Expr& e);
  std::optional<jsonpath::FilterExpr> Comparable(const ast::Expr& e);
  std::optional<jsonpath::FilterExpr> Function(const ast::CallExpr& call, const ast::Expr& e);
  std::optional<jsonpath::FilterExpr> ValueArgument(const ast::Expr& e, const std::string& function);

  diag::Diagnostics* diagnostics_;
};

// A new checked expression node.
inline checked::ExprPtr MakeExpr(checked::Op op, checked::Type type, diag::Span span) {
  auto e = std::make_unique<checked::Expr>();
  e->op = op;
  e->type = type;
  e->span = span;
  return e;
}

// Where an expression stands; decides which names and paths it may use.
enum class Context {
  kWhen,          // per event
  kFire,          // over a window's aggregates (fire when, clear when)
  kAggregateArg,  // per event of the window, inside an aggregate
};

struct ExprScope {
  Context context = Context::kWhen;
  const char* clause = "when";  // for messages
  bool quantifier = false;      // inside every()/any(): '@' is the node
};

class RuleChecker {
 public:
  RuleChecker(const diag::Source& source, const Limits& limits, diag::Diagnostics* diagnostics)
      : source_(source), limits_(limits), diagnostics_(diagnostics), paths_(diagnostics) {}

  // Nullopt when the rule has errors (all of them are reported).
  std::optional<checked::Rule> Check(const ast::Rule& rule);

 private:
  // check_rule.cc
  void CheckClauses(const ast::Rule& rule);
  void CheckWindow(const ast::Rule& rule);
  void CheckFire(const ast::Rule& rule);
  std::optional<int64_t> PositiveDuration(const ast::Amount& amount, const char* what);
  std::optional<uint32_t> SingularPath(const ast::Path& path, const char* clause);

  // check_template.cc
  std::optional<checked::Template> CheckTemplate(const ast::Text& text, const ast::Rule& rule);

  // check_expr.cc
  checked::ExprPtr CheckExpr(const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckCondition(const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckValue(const ast::Expr& e, const ExprScope& scope, const char* use);
  checked::ExprPtr CheckLogical(const ast::LogicalExpr& l, const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckBinary(const ast::BinaryExpr& b, const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckComparison(const ast::BinaryExpr& b, const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckPathExpr(const ast::Path& path, const ExprScope& scope);
  std::optional<uint32_t> AddRegex(const std::string& pattern, bool iregexp, bool full_match, diag::Span span);

  // check_call.cc
  checked::ExprPtr CheckCall(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckAggregate(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope);
  checked::ExprPtr CheckBaseline(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope);

  // Adds a path to the rule's table (shared by text); nullopt on error.
  std::optional<uint32_t> AddPath(const ast::Path& path);

  const diag::Source& source_;
  const Limits& limits_;
  diag::Diagnostics* diagnostics_;
  PathLowering paths_;
  checked::Rule rule_;
  std::map<std::string, uint32_t> path_ids_;
  bool path_limit_reported_ = false;
};

}  // namespace alert::sema
