// JSONPath: ast::Path to jsonpath::Query, with RFC 9535's well-typedness
// rules for filter expressions (§2.4.3).

#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/sema/check.h"
#include "compiler/sema/rule_checker.h"
#include "runtime/regex/iregexp.h"
#include "runtime/regex/regex.h"

namespace alert::sema {
namespace {

using jsonpath::FilterExpr;

jsonpath::Trailing TrailingOf(ast::TrailingFunction f) {
  switch (f) {
    case ast::TrailingFunction::kNone: return jsonpath::Trailing::kNone;
    case ast::TrailingFunction::kLength: return jsonpath::Trailing::kLength;
    case ast::TrailingFunction::kSize: return jsonpath::Trailing::kSize;
    case ast::TrailingFunction::kMin: return jsonpath::Trailing::kMin;
    case ast::TrailingFunction::kMax: return jsonpath::Trailing::kMax;
    case ast::TrailingFunction::kAvg: return jsonpath::Trailing::kAvg;
    case ast::TrailingFunction::kSum: return jsonpath::Trailing::kSum;
    case ast::TrailingFunction::kStddev: return jsonpath::Trailing::kStddev;
  }
  return jsonpath::Trailing::kNone;
}

Scalar ScalarOf(const ast::Literal& lit) {
  switch (lit.kind) {
    case ast::Literal::Kind::kNull: return Scalar::Null();
    case ast::Literal::Kind::kBool: return Scalar::Bool(lit.boolean);
    case ast::Literal::Kind::kString: return Scalar::Str(lit.string);
    default: return Scalar::Num(lit.number);
  }
}

// RFC 9535 function result types.
enum class FnType { kValue, kLogical, kNodes };

struct FilterFunction {
  std::string_view name;
  FilterExpr::Function id;
  size_t arity;
  FnType result;
};

constexpr FilterFunction kFilterFunctions[] = {
    {"length", FilterExpr::Function::kLength, 1, FnType::kValue},
    {"count", FilterExpr::Function::kCount, 1, FnType::kValue},
    {"match", FilterExpr::Function::kMatch, 2, FnType::kLogical},
    {"search", FilterExpr::Function::kSearch, 2, FnType::kLogical},
    {"value", FilterExpr::Function::kValue, 1, FnType::kValue},
};

const FilterFunction* FindFilterFunction(std::string_view name) {
  for (const FilterFunction& f : kFilterFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

std::optional<jsonpath::Query> PathLowering::Lower(const ast::Path& path) {
  jsonpath::Query query;
  query.relative = path.relative;
  query.trailing = TrailingOf(path.trailing);
  bool ok = true;
  for (const ast::Segment& seg : path.segments) {
    jsonpath::Segment out;
    out.descendant = seg.descendant;
    for (const ast::Selector& sel : seg.selectors) {
      jsonpath::Selector s;
      switch (sel.kind) {
        case ast::Selector::Kind::kName:
          s.kind = jsonpath::Selector::Kind::kName;
          s.name = sel.name;
          break;
        case ast::Selector::Kind::kWildcard: s.kind = jsonpath::Selector::Kind::kWildcard; break;
        case ast::Selector::Kind::kIndex:
          s.kind = jsonpath::Selector::Kind::kIndex;
          s.index = sel.index;
          break;
        case ast::Selector::Kind::kSlice:
          s.kind = jsonpath::Selector::Kind::kSlice;
          s.start = sel.start;
          s.end = sel.end;
          s.step = sel.step.value_or(1);
          break;
        case ast::Selector::Kind::kFilter: {
          s.kind = jsonpath::Selector::Kind::kFilter;
          auto filter = Logical(*sel.filter);
          if (!filter) {
            ok = false;
            break;
          }
          s.filter = std::make_shared<const FilterExpr>(std::move(*filter));
          break;
        }
      }
      out.selectors.push_back(std::move(s));
    }
    query.segments.push_back(std::move(out));
  }
  if (!ok) return std::nullopt;
  return query;
}

// logical-expr: ||, &&, !, comparisons and tests.
std::optional<FilterExpr> PathLowering::Logical(const ast::Expr& e) {
  if (const auto* u = e.As<ast::UnaryExpr>()) {
    auto operand = Logical(*u->operand);
    if (!operand) return std::nullopt;
    FilterExpr out;
    out.kind = FilterExpr::Kind::kNot;
    out.args.push_back(std::move(*operand));
    return out;
  }
  if (const auto* l = e.As<ast::LogicalExpr>()) {
    FilterExpr out;
    out.kind = l->op == ast::BinaryOp::kAnd ? FilterExpr::Kind::kAnd : FilterExpr::Kind::kOr;
    bool ok = true;
    for (const auto& operand : l->operands) {
      auto lowered = Logical(*operand);
      ok = ok && lowered.has_value();
      if (lowered) out.args.push_back(std::move(*lowered));
    }
    if (!ok) return std::nullopt;
    return out;
  }
  if (const auto* b = e.As<ast::BinaryExpr>()) {
    FilterExpr out;
    out.kind = FilterExpr::Kind::kCompare;
    switch (b->op) {
      case ast::BinaryOp::kEq: out.op = FilterExpr::CompareOp::kEq; break;
      case ast::BinaryOp::kNe: out.op = FilterExpr::CompareOp::kNe; break;
      case ast::BinaryOp::kLt: out.op = FilterExpr::CompareOp::kLt; break;
      case ast::BinaryOp::kLe: out.op = FilterExpr::CompareOp::kLe; break;
      case ast::BinaryOp::kGt: out.op = FilterExpr::CompareOp::kGt; break;
      default: out.op = FilterExpr::CompareOp::kGe; break;
    }
    auto lhs = Comparable(*b->lhs);
    auto rhs = Comparable(*b->rhs);
    if (!lhs || !rhs) return std::nullopt;
    out.args.push_back(std::move(*lhs));
    out.args.push_back(std::move(*rhs));
    return out;
  }
  if (const auto* p = e.As<ast::PathExpr>()) {
    auto query = Lower(p->path);
    if (!query) return std::nullopt;
    FilterExpr out;
    out.kind = FilterExpr::Kind::kExists;
    out.query = std::move(*query);
    return out;
  }
  if (const auto* c = e.As<ast::CallExpr>()) {
    auto fn = Function(*c, e);
    if (!fn) return std::nullopt;
    if (FindFilterFunction(c->name)->result == FnType::kValue) {
      diagnostics_->Error(e.span, fmt::format("the result of {}() must be compared, as in {}(...) > 0", c->name, c->name));
      return std::nullopt;
    }
    return fn;
  }
  // Literals are rejected by the parser already.
  diagnostics_->Error(e.span, "expected a filter test or comparison");
  return std::nullopt;
}

// comparable: a literal, a singular query or a function of ValueType.
std::optional<FilterExpr> PathLowering::Comparable(const ast::Expr& e) {
  if (const auto* l = e.As<ast::LiteralExpr>()) {
    FilterExpr out;
    out.kind = FilterExpr::Kind::kLiteral;
    out.literal = ScalarOf(l->value);
    return out;
  }
  if (const auto* p = e.As<ast::PathExpr>()) {
    if (!p->path.IsSingular()) {
      diagnostics_->Error(e.span, "only a singular query (names and indexes, no wildcards, slices, filters or '..') "
                                  "can be compared in a filter");
      return std::nullopt;
    }
    auto query = Lower(p->path);
    if (!query) return std::nullopt;
    FilterExpr out;
    out.kind = FilterExpr::Kind::kQuery;
    out.query = std::move(*query);
    return out;
  }
  if (const auto* c = e.As<ast::CallExpr>()) {
    auto fn = Function(*c, e);
    if (!fn) return std::nullopt;
    if (FindFilterFunction(c->name)->result != FnType::kValue) {
      diagnostics_->Error(e.span, fmt::format("the result of {}() is true or false and cannot be compared; "
                                              "use it on its own as a test",
                                              c->name));
      return std::nullopt;
    }
    return fn;
  }
  diagnostics_->Error(e.span, "expected a literal, a singular query or a function in a comparison");
  return std::nullopt;
}

std::optional<FilterExpr> PathLowering::Function(const ast::CallExpr& call, const ast::Expr& e) {
  const FilterFunction* f = FindFilterFunction(call.name);
  if (f == nullptr) {
    diagnostics_->Error(call.name_span, fmt::format("unknown filter function '{}'{}", call.name,
                                                    diag::DidYouMean(call.name, {"length", "count", "match", "search", "value"})));
    return std::nullopt;
  }
  if (call.args.size() != f->arity) {
    diagnostics_->Error(e.span, fmt::format("{}() takes {} argument{}, not {}", call.name, f->arity,
                                            f->arity == 1 ? "" : "s", call.args.size()));
    return std::nullopt;
  }
  FilterExpr out;
  out.kind = FilterExpr::Kind::kFunction;
  out.function = f->id;
  if (f->id == FilterExpr::Function::kCount || f->id == FilterExpr::Function::kValue) {
    // NodesType parameter: a query, singular or not.
    const auto* p = call.args[0]->As<ast::PathExpr>();
    if (p == nullptr) {
      diagnostics_->Error(call.args[0]->span, fmt::format("{}() takes a query, such as {}(@.items[*])", call.name, call.name));
      return std::nullopt;
    }
    auto query = Lower(p->path);
    if (!query) return std::nullopt;
    FilterExpr arg;
    arg.kind = FilterExpr::Kind::kQuery;
    arg.query = std::move(*query);
    out.args.push_back(std::move(arg));
    return out;
  }
  for (const auto& a : call.args) {
    auto arg = ValueArgument(*a, call.name);
    if (!arg) return std::nullopt;
    out.args.push_back(std::move(*arg));
  }
  if ((f->id == FilterExpr::Function::kMatch || f->id == FilterExpr::Function::kSearch) &&
      out.args[1].kind == FilterExpr::Kind::kLiteral && out.args[1].literal.kind == Scalar::Kind::kString) {
    std::string error;
    if (!regex::TranslateIRegexp(out.args[1].literal.string, &error)) {
      diagnostics_->Error(call.args[1]->span, fmt::format("invalid I-Regexp (RFC 9485) pattern: {}", error));
      return std::nullopt;
    }
    out.regex = regex::CompileIRegexp(out.args[1].literal.string);
    if (!out.regex) {
      diagnostics_->Error(call.args[1]->span, "regular expression too large for RE2");
      return std::nullopt;
    }
  }
  return out;
}

// A ValueType argument: a literal, a singular query or a ValueType function.
std::optional<FilterExpr> PathLowering::ValueArgument(const ast::Expr& e, const std::string& function) {
  if (const auto* p = e.As<ast::PathExpr>(); p && !p->path.IsSingular()) {
    diagnostics_->Error(e.span, fmt::format("{}() takes a single value; this query can select several nodes", function));
    return std::nullopt;
  }
  if (e.As<ast::LiteralExpr>() || e.As<ast::PathExpr>() || e.As<ast::CallExpr>()) return Comparable(e);
  diagnostics_->Error(e.span, fmt::format("{}() takes a value: a literal, a singular query or a function", function));
  return std::nullopt;
}

QueryCheckResult CheckQuery(const ast::Path& path, const diag::Source&) {
  QueryCheckResult result;
  PathLowering lowering(&result.diagnostics);
  result.query = lowering.Lower(path);
  if (result.diagnostics.HasErrors()) result.query.reset();
  return result;
}

}  // namespace alert::sema
