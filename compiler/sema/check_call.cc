// Function calls in rule expressions: scalar functions, RFC 9535 functions,
// quantifiers, aggregates and baselines, resolved by name, argument count
// and clause (LANGUAGE.md, "Overloaded names").

#include <algorithm>

#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/sema/rule_checker.h"

namespace alert::sema {
namespace {

using checked::Op;
using checked::Type;

struct AggregateSpec {
  std::string_view name;
  checked::Aggregate::Kind kind;
  size_t arity;
};

constexpr AggregateSpec kAggregates[] = {
    {"count", checked::Aggregate::Kind::kCount, 0},
    {"count_if", checked::Aggregate::Kind::kCountIf, 1},
    {"sum", checked::Aggregate::Kind::kSum, 1},
    {"avg", checked::Aggregate::Kind::kAvg, 1},
    {"min", checked::Aggregate::Kind::kMin, 1},
    {"max", checked::Aggregate::Kind::kMax, 1},
    {"stddev", checked::Aggregate::Kind::kStddev, 1},
    {"count_distinct", checked::Aggregate::Kind::kCountDistinct, 1},
    {"percentile", checked::Aggregate::Kind::kPercentile, 2},
    {"last", checked::Aggregate::Kind::kLast, 1},
    {"rate", checked::Aggregate::Kind::kRate, 0},
};

struct ScalarSpec {
  std::string_view name;
  checked::Function function;
  size_t arity;
  Type result;
};

constexpr ScalarSpec kScalars[] = {
    {"lower", checked::Function::kLower, 1, Type::kString},
    {"upper", checked::Function::kUpper, 1, Type::kString},
    {"abs", checked::Function::kAbs, 1, Type::kNumber},
    {"min", checked::Function::kMin2, 2, Type::kNumber},
    {"max", checked::Function::kMax2, 2, Type::kNumber},
    {"length", checked::Function::kLength, 1, Type::kNumber},
    {"count", checked::Function::kCount, 1, Type::kNumber},
    {"value", checked::Function::kValue, 1, Type::kAny},
    {"match", checked::Function::kMatch, 2, Type::kCondition},
    {"search", checked::Function::kSearch, 2, Type::kCondition},
};

constexpr std::string_view kBaselines[] = {"mean", "stddev", "zscore"};
constexpr std::string_view kQuantifiers[] = {"every", "any"};

// Every function name, for suggestions.
std::vector<std::string_view> AllNames() {
  std::vector<std::string_view> names;
  for (const auto& a : kAggregates) names.push_back(a.name);
  for (const auto& s : kScalars) names.push_back(s.name);
  for (auto b : kBaselines) names.push_back(b);
  for (auto q : kQuantifiers) names.push_back(q);
  return names;
}

// "0 or 1", "1", "1 or 2": the argument counts `name` accepts.
std::string Arities(std::string_view name) {
  std::vector<size_t> counts;
  auto add = [&](size_t n) {
    if (std::find(counts.begin(), counts.end(), n) == counts.end()) counts.push_back(n);
  };
  for (const auto& a : kAggregates) if (a.name == name) add(a.arity);
  for (const auto& s : kScalars) if (s.name == name) add(s.arity);
  for (auto b : kBaselines) if (b == name) add(2);
  for (auto q : kQuantifiers) if (q == name) add(2);
  std::sort(counts.begin(), counts.end());
  std::string out;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i) out += " or ";
    out += std::to_string(counts[i]);
  }
  return out;
}

bool IsPathArg(const ast::Expr& e) { return e.As<ast::PathExpr>() != nullptr; }

}  // namespace

checked::ExprPtr RuleChecker::CheckCall(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope) {
  const std::string& name = call.name;
  const size_t n = call.args.size();

  for (auto b : kBaselines) {
    if (b == name && n == 2) return CheckBaseline(call, e, scope);
  }
  for (const auto& a : kAggregates) {
    if (a.name == name && a.arity == n) return CheckAggregate(call, e, scope);
  }
  if ((name == "every" || name == "any") && n == 2) {
    const auto* p = call.args[0]->As<ast::PathExpr>();
    if (p == nullptr) {
      diagnostics_->Error(call.args[0]->span, fmt::format("{}() takes a path first: {}($.items[*], @.price > 10)", name, name));
      return nullptr;
    }
    auto path = CheckPathExpr(p->path, scope);
    if (!path) return nullptr;
    ExprScope inner = scope;
    inner.quantifier = true;
    auto predicate = CheckCondition(*call.args[1], inner);
    if (!predicate) return nullptr;
    auto out = MakeExpr(name == "every" ? Op::kEvery : Op::kAny, Type::kCondition, e.span);
    out->index = path->index;
    out->args.push_back(std::move(predicate));
    return out;
  }
  const ScalarSpec* spec = nullptr;
  for (const auto& s : kScalars) {
    if (s.name == name && s.arity == n) spec = &s;
  }
  if (spec == nullptr) {
    const std::string arities = Arities(name);
    if (arities.empty()) {
      diagnostics_->Error(call.name_span, fmt::format("unknown function '{}'{}", name, diag::DidYouMean(name, AllNames())));
    } else {
      diagnostics_->Error(call.name_span, fmt::format("'{}' takes {} argument{}, not {}", name, arities,
                                                      arities == "1" ? "" : "s", n));
    }
    return nullptr;
  }

  auto out = MakeExpr(Op::kCall, spec->result, e.span);
  out->function = spec->function;
  if (spec->function == checked::Function::kCount || spec->function == checked::Function::kValue) {
    if (!IsPathArg(*call.args[0])) {
      diagnostics_->Error(call.args[0]->span, fmt::format("{}() takes a path, such as {}($.items[*])", name, name));
      return nullptr;
    }
    auto path = CheckPathExpr(call.args[0]->As<ast::PathExpr>()->path, scope);
    if (!path) return nullptr;
    out->args.push_back(std::move(path));
    return out;
  }
  bool ok = true;
  for (const auto& arg : call.args) {
    auto checked = CheckValue(*arg, scope, fmt::format("{}()", name).c_str());
    if (!checked) {
      ok = false;
      continue;
    }
    if (checked->type == Type::kCondition) {
      diagnostics_->Error(arg->span, fmt::format("{}() takes a value, not a condition", name));
      ok = false;
    }
    out->args.push_back(std::move(checked));
  }
  if (!ok) return nullptr;

  auto expect = [&](size_t i, Type want, const char* what) {
    const Type t = out->args[i]->type;
    if (t != Type::kAny && t != want) {
      diagnostics_->Error(call.args[i]->span, fmt::format("{}() takes {}, not {}", name, what, checked::TypeName(t)));
      ok = false;
    }
  };
  switch (spec->function) {
    case checked::Function::kLower:
    case checked::Function::kUpper: expect(0, Type::kString, "a string"); break;
    case checked::Function::kAbs: expect(0, Type::kNumber, "a number"); break;
    case checked::Function::kMin2:
    case checked::Function::kMax2:
      expect(0, Type::kNumber, "numbers");
      expect(1, Type::kNumber, "numbers");
      break;
    case checked::Function::kMatch:
    case checked::Function::kSearch: {
      expect(0, Type::kString, "a string");
      expect(1, Type::kString, "a pattern string");
      const checked::Expr& pattern = *out->args[1];
      if (ok && pattern.op == Op::kConst) {
        auto regex = AddRegex(pattern.value.string, /*iregexp=*/true,
                              /*full_match=*/spec->function == checked::Function::kMatch, call.args[1]->span);
        if (!regex) return nullptr;
        out->index = *regex;
      }
      break;
    }
    default: break;
  }
  return ok ? std::move(out) : nullptr;
}

checked::ExprPtr RuleChecker::CheckAggregate(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope) {
  if (scope.context != Context::kFire) {
    const char* where = scope.context == Context::kWhen ? "'when' (it is evaluated per event)" : "another aggregate";
    diagnostics_->Error(call.name_span, fmt::format("aggregate '{}()' cannot be used in {}; aggregates belong in "
                                                    "'fire when' and 'clear when'",
                                                    call.name, where));
    return nullptr;
  }
  const AggregateSpec* spec = nullptr;
  for (const auto& a : kAggregates) {
    if (a.name == call.name && a.arity == call.args.size()) spec = &a;
  }
  checked::Aggregate aggregate;
  aggregate.kind = spec->kind;
  aggregate.span = e.span;
  ExprScope inner{Context::kAggregateArg, scope.clause, false};
  if (!call.args.empty()) {
    aggregate.arg = spec->kind == checked::Aggregate::Kind::kCountIf ? CheckCondition(*call.args[0], inner)
                                                                      : CheckValue(*call.args[0], inner, "an aggregate");
    if (!aggregate.arg) return nullptr;
    if (spec->kind != checked::Aggregate::Kind::kCountIf && aggregate.arg->type == Type::kCondition) {
      diagnostics_->Error(call.args[0]->span,
                          fmt::format("{}() takes a value; to count events that satisfy a condition use count_if()", call.name));
      return nullptr;
    }
  }
  if (spec->kind == checked::Aggregate::Kind::kPercentile) {
    const auto* lit = call.args[1]->As<ast::LiteralExpr>();
    const bool number = lit && (lit->value.kind == ast::Literal::Kind::kNumber || lit->value.kind == ast::Literal::Kind::kPercent);
    const double q = number ? lit->value.number.ToDouble() : -1;
    if (!number || q < 0 || q > 1) {
      std::string hint = "a constant in [0, 1], such as 0.95 or 95%";
      if (number && lit->value.kind == ast::Literal::Kind::kPercent) {
        hint = fmt::format("a percentage from 0% to 100%, not {}", diag::Excerpt(lit->value.text));
      } else if (number && q > 1 && q <= 100) {
        hint = fmt::format("a constant in [0, 1]; write {}%", lit->value.text);
      }
      diagnostics_->Error(call.args[1]->span, fmt::format("percentile() takes {}", hint));
      return nullptr;
    }
    aggregate.quantile = q;
  }
  aggregate.text = std::string(source_.text().substr(e.span.begin, e.span.end - e.span.begin));
  rule_.aggregates.push_back(std::move(aggregate));
  auto out = MakeExpr(Op::kAggregate, spec->kind == checked::Aggregate::Kind::kLast ? rule_.aggregates.back().arg->type : Type::kNumber, e.span);
  if (out->type == Type::kCondition) out->type = Type::kAny;
  out->index = static_cast<uint32_t>(rule_.aggregates.size() - 1);
  return out;
}

checked::ExprPtr RuleChecker::CheckBaseline(const ast::CallExpr& call, const ast::Expr& e, const ExprScope& scope) {
  const auto* p = call.args[0]->As<ast::PathExpr>();
  if (p == nullptr || p->path.relative || !p->path.IsSingular()) {
    diagnostics_->Error(call.args[0]->span, fmt::format("the baseline {}() takes a singular path of the event first, "
                                                        "as in {}($.metrics.latency, 1d)",
                                                        call.name, call.name));
    return nullptr;
  }
  const auto* d = call.args[1]->As<ast::LiteralExpr>();
  if (d == nullptr || d->value.kind != ast::Literal::Kind::kDuration || !d->value.number.is_int() ||
      d->value.number.int_value() <= 0) {
    diagnostics_->Error(call.args[1]->span, fmt::format("the baseline {}() takes a duration such as 1h or 1d second", call.name));
    return nullptr;
  }
  auto path = AddPath(p->path);
  if (!path) return nullptr;
  checked::Baseline baseline;
  baseline.kind = call.name == "mean" ? checked::Baseline::Kind::kMean
                  : call.name == "stddev" ? checked::Baseline::Kind::kStddev
                                          : checked::Baseline::Kind::kZscore;
  baseline.path = *path;
  baseline.window_ms = d->value.number.int_value();
  baseline.span = e.span;
  baseline.text = std::string(source_.text().substr(e.span.begin, e.span.end - e.span.begin));
  rule_.baselines.push_back(baseline);
  auto out = MakeExpr(Op::kBaseline, Type::kNumber, e.span);
  out->index = static_cast<uint32_t>(rule_.baselines.size() - 1);
  return out;
}

}  // namespace alert::sema
