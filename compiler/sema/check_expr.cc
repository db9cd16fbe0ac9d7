// Rule expressions: ast::Expr to checked::Expr, with types and contexts.

#include <re2/re2.h>

#include <fmt/format.h>

#include "compiler/sema/rule_checker.h"
#include "runtime/regex/iregexp.h"

namespace alert::sema {
namespace {

using checked::Op;
using checked::Type;

// Types that are known and cannot take part in arithmetic.
bool NotArithmetic(Type t) {
  return t == Type::kString || t == Type::kBool || t == Type::kNull || t == Type::kArray || t == Type::kCondition;
}

// A type known precisely enough to reject an ordering comparison.
bool Known(Type t) { return t != Type::kAny && t != Type::kNodes; }

const char* TypeWithArticle(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "a boolean";
    case Type::kNumber: return "a number";
    case Type::kString: return "a string";
    case Type::kArray: return "an array";
    case Type::kCondition: return "a condition";
    case Type::kNodes: return "a path that can select several values";
    case Type::kAny: return "a value";
  }
  return "a value";
}


Op OpOf(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr: return Op::kOr;
    case ast::BinaryOp::kAnd: return Op::kAnd;
    case ast::BinaryOp::kEq: return Op::kEq;
    case ast::BinaryOp::kNe: return Op::kNe;
    case ast::BinaryOp::kLt: return Op::kLt;
    case ast::BinaryOp::kLe: return Op::kLe;
    case ast::BinaryOp::kGt: return Op::kGt;
    case ast::BinaryOp::kGe: return Op::kGe;
    case ast::BinaryOp::kMatch: return Op::kMatch;
    case ast::BinaryOp::kNotMatch: return Op::kNotMatch;
    case ast::BinaryOp::kIn: return Op::kIn;
    case ast::BinaryOp::kNotIn: return Op::kNotIn;
    case ast::BinaryOp::kContains: return Op::kContains;
    case ast::BinaryOp::kNotContains: return Op::kNotContains;
    case ast::BinaryOp::kStartsWith: return Op::kStartsWith;
    case ast::BinaryOp::kNotStartsWith: return Op::kNotStartsWith;
    case ast::BinaryOp::kEndsWith: return Op::kEndsWith;
    case ast::BinaryOp::kNotEndsWith: return Op::kNotEndsWith;
    case ast::BinaryOp::kAdd: return Op::kAdd;
    case ast::BinaryOp::kSub: return Op::kSub;
    case ast::BinaryOp::kMul: return Op::kMul;
    case ast::BinaryOp::kDiv: return Op::kDiv;
    case ast::BinaryOp::kRem: return Op::kRem;
  }
  return Op::kEq;
}

checked::ExprPtr Constant(const ast::Literal& lit, diag::Span span) {
  switch (lit.kind) {
    case ast::Literal::Kind::kNull: {
      auto e = MakeExpr(Op::kConst, Type::kNull, span);
      return e;
    }
    case ast::Literal::Kind::kBool: {
      auto e = MakeExpr(Op::kConst, Type::kBool, span);
      e->value = Scalar::Bool(lit.boolean);
      return e;
    }
    case ast::Literal::Kind::kString: {
      auto e = MakeExpr(Op::kConst, Type::kString, span);
      e->value = Scalar::Str(lit.string);
      return e;
    }
    default: {
      auto e = MakeExpr(Op::kConst, Type::kNumber, span);
      e->value = Scalar::Num(lit.number);
      return e;
    }
  }
}

std::string SourceText(const diag::Source& source, diag::Span span) {
  return source.text().substr(span.begin, span.end - span.begin);
}

}  // namespace

checked::ExprPtr RuleChecker::CheckPathExpr(const ast::Path& path, const ExprScope& scope) {
  if (scope.context == Context::kFire) {
    diagnostics_->Error(path.span, fmt::format("path outside an aggregate: '{}' reads over a window's events, so read "
                                               "them through an aggregate, such as avg({}) or last({})",
                                               scope.clause, SourceText(source_, path.span),
                                               SourceText(source_, path.span)));
    return nullptr;
  }
  if (path.relative && !scope.quantifier) {
    diagnostics_->Error({path.span.begin, path.span.begin + 1},
                        "'@' is only valid inside a filter [?...] or in the predicate of every() or any(); "
                        "the event is '$'");
    return nullptr;
  }
  auto id = AddPath(path);
  if (!id) return nullptr;
  auto e = MakeExpr(Op::kPath, rule_.paths[*id].singular ? Type::kAny : Type::kNodes, path.span);
  e->index = *id;
  return e;
}

checked::ExprPtr RuleChecker::CheckExpr(const ast::Expr& e, const ExprScope& scope) {
  if (const auto* l = e.As<ast::LiteralExpr>()) return Constant(l->value, e.span);
  if (const auto* p = e.As<ast::PathExpr>()) return CheckPathExpr(p->path, scope);
  if (const auto* u = e.As<ast::UnaryExpr>()) {
    if (u->op == ast::UnaryOp::kNot) {
      auto operand = CheckCondition(*u->operand, scope);
      if (!operand) return nullptr;
      auto out = MakeExpr(Op::kNot, Type::kCondition, e.span);
      out->args.push_back(std::move(operand));
      return out;
    }
    auto operand = CheckValue(*u->operand, scope, "arithmetic");
    if (!operand) return nullptr;
    if (NotArithmetic(operand->type)) {
      diagnostics_->Error(e.span, fmt::format("cannot negate {}", TypeWithArticle(operand->type)));
      return nullptr;
    }
    auto out = MakeExpr(Op::kNeg, Type::kNumber, e.span);
    out->args.push_back(std::move(operand));
    return out;
  }
  if (const auto* b = e.As<ast::BinaryExpr>()) return CheckBinary(*b, e, scope);
  if (const auto* l = e.As<ast::LogicalExpr>()) return CheckLogical(*l, e, scope);
  if (const auto* is = e.As<ast::IsExpr>()) {
    checked::ExprPtr operand = CheckExpr(*is->operand, scope);
    if (!operand) return nullptr;
    if (operand->type == Type::kCondition) {
      diagnostics_->Error(is->operand->span, "a condition is never null or empty");
      return nullptr;
    }
    const Op op = is->empty ? (is->negated ? Op::kIsNotEmpty : Op::kIsEmpty)
                            : (is->negated ? Op::kIsNotNull : Op::kIsNull);
    auto out = MakeExpr(op, Type::kCondition, e.span);
    out->args.push_back(std::move(operand));
    return out;
  }
  if (const auto* ex = e.As<ast::ExistsExpr>()) {
    auto path = CheckPathExpr(ex->path, scope);
    if (!path) return nullptr;
    auto out = MakeExpr(Op::kExists, Type::kCondition, e.span);
    out->index = path->index;
    return out;
  }
  if (const auto* c = e.As<ast::CallExpr>()) return CheckCall(*c, e, scope);
  const auto& array = std::get<ast::ArrayExpr>(e.node);
  auto out = MakeExpr(Op::kArray, Type::kArray, e.span);
  bool ok = true;
  for (const auto& element : array.elements) {
    auto checked = CheckValue(*element, scope, "an array element");
    if (!checked) {
      ok = false;
      continue;
    }
    if (checked->type == Type::kCondition) {
      diagnostics_->Error(element->span, "an array holds values, not conditions");
      ok = false;
    }
    out->args.push_back(std::move(checked));
  }
  return ok ? std::move(out) : nullptr;
}

checked::ExprPtr RuleChecker::CheckCondition(const ast::Expr& e, const ExprScope& scope) {
  checked::ExprPtr c = CheckExpr(e, scope);
  if (!c) return nullptr;
  if (c->type == Type::kCondition || c->type == Type::kBool) return c;
  if (c->op == Op::kPath) {
    const std::string text = SourceText(source_, e.span);
    diagnostics_->Warning(e.span,
                          fmt::format("a bare path tests existence: it holds when '{}' is present, even if false; "
                                      "write 'exists {}' or '{} == true'",
                                      text, text, text),
                          "exists " + text);
    auto out = MakeExpr(Op::kExists, Type::kCondition, e.span);
    out->index = c->index;
    return out;
  }
  diagnostics_->Error(e.span, fmt::format("expected a condition here, not {}", TypeWithArticle(c->type)));
  return nullptr;
}

checked::ExprPtr RuleChecker::CheckValue(const ast::Expr& e, const ExprScope& scope, const char* use) {
  checked::ExprPtr v = CheckExpr(e, scope);
  if (v && v->type == Type::kNodes) {
    diagnostics_->Error(e.span, fmt::format("this path can select several values and cannot be used in {}; "
                                            "use count(), value(), every(), any() or a comparison",
                                            use));
    return nullptr;
  }
  return v;
}

checked::ExprPtr RuleChecker::CheckLogical(const ast::LogicalExpr& l, const ast::Expr& e, const ExprScope& scope) {
  auto out = MakeExpr(OpOf(l.op), Type::kCondition, e.span);
  bool ok = true;
  for (const auto& operand : l.operands) {
    auto checked = CheckCondition(*operand, scope);
    ok = ok && checked != nullptr;
    if (checked) out->args.push_back(std::move(checked));
  }
  return ok ? std::move(out) : nullptr;
}

checked::ExprPtr RuleChecker::CheckBinary(const ast::BinaryExpr& b, const ast::Expr& e, const ExprScope& scope) {
  switch (b.op) {
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv:
    case ast::BinaryOp::kRem: {
      auto lhs = CheckValue(*b.lhs, scope, "arithmetic");
      auto rhs = CheckValue(*b.rhs, scope, "arithmetic");
      if (!lhs || !rhs) return nullptr;
      for (const auto* side : {&lhs, &rhs}) {
        if (NotArithmetic((*side)->type)) {
          diagnostics_->Error(b.lhs->span,
                              fmt::format("cannot apply '{}' to {}{}", ast::BinaryOpText(b.op), TypeWithArticle((*side)->type),
                                          (*side)->type == Type::kString && b.op == ast::BinaryOp::kAdd
                                              ? "; '+' does not concatenate strings"
                                              : ""));
          return nullptr;
        }
      }
      auto out = MakeExpr(OpOf(b.op), Type::kNumber, e.span);
      out->args.push_back(std::move(lhs));
      out->args.push_back(std::move(rhs));
      return out;
    }
    default: return CheckComparison(b, e, scope);
  }
}

checked::ExprPtr RuleChecker::CheckComparison(const ast::BinaryExpr& b, const ast::Expr& e, const ExprScope& scope) {
  checked::ExprPtr lhs = CheckExpr(*b.lhs, scope);
  checked::ExprPtr rhs = CheckExpr(*b.rhs, scope);
  if (!lhs || !rhs) return nullptr;
  for (const auto* side : {&lhs, &rhs}) {
    if ((*side)->type == Type::kCondition) {
      diagnostics_->Error(b.lhs->span, "cannot compare a condition; combine conditions with '&&', '||' and '!'");
      return nullptr;
    }
  }
  const Op op = OpOf(b.op);
  auto out = MakeExpr(op, Type::kCondition, e.span);
  switch (b.op) {
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe:
      if (Known(lhs->type) && Known(rhs->type) && lhs->type != rhs->type) {
        diagnostics_->Error(b.lhs->span, fmt::format("cannot compare {} with {}", checked::TypeName(lhs->type),
                                                     checked::TypeName(rhs->type)));
        return nullptr;
      }
      break;
    case ast::BinaryOp::kEq:
    case ast::BinaryOp::kNe:
      if (lhs->op == Op::kConst && rhs->op == Op::kConst && lhs->type != rhs->type) {
        diagnostics_->Warning(b.lhs->span, fmt::format("comparing {} with {}: '{}' is always {}", checked::TypeName(lhs->type),
                                                       checked::TypeName(rhs->type), b.op == ast::BinaryOp::kEq ? "==" : "!=",
                                                       b.op == ast::BinaryOp::kEq ? "false" : "true"));
      }
      break;
    case ast::BinaryOp::kMatch:
    case ast::BinaryOp::kNotMatch: {
      if (Known(lhs->type) && lhs->type != Type::kString) {
        diagnostics_->Error(b.lhs->span, fmt::format("'{}' needs a string on its left, not {}", ast::BinaryOpText(b.op),
                                                     TypeWithArticle(lhs->type)));
        return nullptr;
      }
      if (rhs->op != Op::kConst || rhs->type != Type::kString) {
        diagnostics_->Error(b.rhs->span, fmt::format("'{}' takes a regular expression string literal", ast::BinaryOpText(b.op)));
        return nullptr;
      }
      auto regex = AddRegex(rhs->value.string, /*iregexp=*/false, /*full_match=*/false, b.rhs->span);
      if (!regex) return nullptr;
      out->index = *regex;
      out->args.push_back(std::move(lhs));
      return out;
    }
    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn:
      if (rhs->type == Type::kNodes || (Known(rhs->type) && rhs->type != Type::kArray)) {
        diagnostics_->Error(b.rhs->span, "'in' takes an array literal, such as [\"a\", \"b\"], or a singular path to an array");
        return nullptr;
      }
      break;
    case ast::BinaryOp::kStartsWith:
    case ast::BinaryOp::kNotStartsWith:
    case ast::BinaryOp::kEndsWith:
    case ast::BinaryOp::kNotEndsWith:
      for (const auto* side : {&lhs, &rhs}) {
        if (Known((*side)->type) && (*side)->type != Type::kString) {
          diagnostics_->Error(b.lhs->span, fmt::format("'{}' compares strings, not {}", ast::BinaryOpText(b.op),
                                                       TypeWithArticle((*side)->type)));
          return nullptr;
        }
      }
      break;
    case ast::BinaryOp::kContains:
    case ast::BinaryOp::kNotContains:
      if (rhs->type == Type::kNodes) {
        diagnostics_->Error(b.rhs->span, "the right side of 'contains' must be a single value");
        return nullptr;
      }
      break;
    default: break;
  }
  out->args.push_back(std::move(lhs));
  out->args.push_back(std::move(rhs));
  return out;
}

std::optional<uint32_t> RuleChecker::AddRegex(const std::string& pattern, bool iregexp, bool full_match,
                                              diag::Span span) {
  checked::Regex regex{pattern, pattern, full_match};
  if (iregexp) {
    std::string error;
    auto translated = regex::TranslateIRegexp(pattern, &error);
    if (!translated) {
      diagnostics_->Error(span, fmt::format("invalid I-Regexp (RFC 9485) pattern: {}", error));
      return std::nullopt;
    }
    regex.re2 = *translated;
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(static_cast<int64_t>(limits_.max_regex_memory));
  RE2 re(regex.re2, options);
  if (!re.ok()) {
    if (re.error_code() == RE2::ErrorRepeatSize) {
      // RE2 reports a count over 1000, a range n > m and nested counts
      // whose product is over 1000 alike, quoting only the innermost.
      diagnostics_->Error(span, fmt::format("invalid repetition {} in the regular expression: RE2 takes counts "
                                            "{{n,m}} with n <= m <= 1000, and nested counts multiply "
                                            "((a{{100}}){{100}} is 10000)",
                                            diag::Excerpt(re.error_arg())));
    } else if (re.error_code() == RE2::ErrorPatternTooLarge) {
      diagnostics_->Error(span, fmt::format("regular expression too large: its program needs more than {} bytes",
                                            limits_.max_regex_memory));
    } else {
      diagnostics_->Error(span, fmt::format("invalid regular expression: {}", diag::Excerpt(re.error())));
    }
    return std::nullopt;
  }
  for (uint32_t i = 0; i < rule_.regexes.size(); ++i) {
    const checked::Regex& r = rule_.regexes[i];
    if (r.re2 == regex.re2 && r.full_match == regex.full_match) return i;
  }
  rule_.regexes.push_back(std::move(regex));
  return static_cast<uint32_t>(rule_.regexes.size() - 1);
}

std::optional<uint32_t> RuleChecker::AddPath(const ast::Path& path) {
  auto query = paths_.Lower(path);
  if (!query) return std::nullopt;
  std::string text = query->ToString();
  if (auto it = path_ids_.find(text); it != path_ids_.end()) return it->second;
  if (rule_.paths.size() >= limits_.max_paths_per_rule) {
    if (!path_limit_reported_) {
      diagnostics_->Error(path.span, fmt::format("rule '{}' reads more than {} distinct paths", rule_.id,
                                                 limits_.max_paths_per_rule));
      path_limit_reported_ = true;
    }
    return std::nullopt;
  }
  checked::Path p;
  p.singular = query->IsSingular();
  p.relative = query->relative;
  p.query = std::move(*query);
  p.text = text;
  rule_.paths.push_back(std::move(p));
  const auto id = static_cast<uint32_t>(rule_.paths.size() - 1);
  path_ids_.emplace(std::move(text), id);
  return id;
}

}  // namespace alert::sema
