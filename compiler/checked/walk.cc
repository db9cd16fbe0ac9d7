#include "compiler/checked/walk.h"

namespace alert::checked {
namespace {

bool SameScalar(const Scalar& a, const Scalar& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Scalar::Kind::kNull: return true;
    case Scalar::Kind::kBool: return a.boolean == b.boolean;
    // Same representation, not numeric equality: 1 and 1.0 fold differently.
    case Scalar::Kind::kNumber:
      return a.number.kind() == b.number.kind() && a.number.ToString() == b.number.ToString();
    case Scalar::Kind::kString: return a.string == b.string;
  }
  return false;
}

void Visit(Expr& e, const std::function<void(Expr&)>& visit) {
  for (auto& a : e.args) Visit(*a, visit);
  visit(e);
}

}  // namespace

bool Same(const Expr& a, const Expr& b) {
  if (a.op != b.op || a.type != b.type || a.index != b.index || a.function != b.function ||
      a.args.size() != b.args.size()) {
    return false;
  }
  if (a.op == Op::kConst && !SameScalar(a.value, b.value)) return false;
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!Same(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

size_t Hash(const Expr& e) {
  size_t h = static_cast<size_t>(e.op) * 1000003u ^ static_cast<size_t>(e.type) * 31u ^ e.index * 7919u ^
             static_cast<size_t>(e.function);
  if (e.op == Op::kConst) h ^= std::hash<std::string>()(e.value.ToJson());
  for (const auto& a : e.args) h = h * 1099511628211u ^ Hash(*a);
  return h;
}

ExprPtr Clone(const Expr& e) {
  auto out = std::make_unique<Expr>();
  out->op = e.op;
  out->type = e.type;
  out->span = e.span;
  out->value = e.value;
  out->index = e.index;
  out->function = e.function;
  for (const auto& a : e.args) out->args.push_back(Clone(*a));
  return out;
}

Rule CloneRule(const Rule& rule) {
  auto clone = [](const ExprPtr& e) { return e ? Clone(*e) : nullptr; };
  Rule out;
  out.id = rule.id;
  out.span = rule.span;
  out.title = rule.title;
  out.description = rule.description;
  out.severity = rule.severity;
  out.tenant = rule.tenant;
  out.when = clone(rule.when);
  out.when_text = rule.when_text;
  out.group_by = rule.group_by;
  out.window = rule.window;
  if (rule.fire) {
    const Fire& f = *rule.fire;
    out.fire = Fire{clone(f.condition), f.absent_ms, f.for_windows, f.has_for, f.across, f.text};
  }
  out.clear = clone(rule.clear);
  out.dedupe_by = rule.dedupe_by;
  out.time = rule.time;
  out.lateness_ms = rule.lateness_ms;
  out.backfill_ms = rule.backfill_ms;
  out.labels = rule.labels;
  out.message = rule.message;
  out.paths = rule.paths;
  for (const Aggregate& a : rule.aggregates) out.aggregates.push_back(Aggregate{a.kind, clone(a.arg), a.quantile, a.span, a.text});
  out.baselines = rule.baselines;
  out.regexes = rule.regexes;
  out.source = rule.source;
  return out;
}

void ForEachRoot(Rule& rule, const std::function<void(ExprPtr&)>& visit) {
  if (rule.when) visit(rule.when);
  if (rule.fire && rule.fire->condition) visit(rule.fire->condition);
  if (rule.clear) visit(rule.clear);
  for (Aggregate& a : rule.aggregates) {
    if (a.arg) visit(a.arg);
  }
}

void ForEachExpr(Rule& rule, const std::function<void(Expr&)>& visit) {
  ForEachRoot(rule, [&](ExprPtr& root) { Visit(*root, visit); });
}

}  // namespace alert::checked
