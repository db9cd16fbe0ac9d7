#include "compiler/interp/interpreter.h"

#include "compiler/interp/frame.h"
#include "runtime/regex/regex.h"

namespace alert::interp {

Interpreter::Interpreter(const checked::Rule& rule) : rule_(rule) {
  for (const checked::Regex& r : rule.regexes) regexes_.push_back(regex::CompileRe2(r.re2));
}

Interpreter::~Interpreter() = default;

bool Interpreter::Matches(simdjson::dom::element event, const BaselineSource* baselines) const {
  if (!rule_.when) return false;
  Frame frame(rule_, regexes_, baselines, event);
  return frame.Condition(*rule_.when);
}

bool Interpreter::EvaluateCondition(const checked::Expr& expr, simdjson::dom::element event,
                                    const BaselineSource* baselines) const {
  Frame frame(rule_, regexes_, baselines, event);
  return frame.Condition(expr);
}

void Interpreter::EvaluateValue(const checked::Expr& expr, simdjson::dom::element event,
                                const BaselineSource* baselines, absl::FunctionRef<void(const Value&)> use) const {
  Frame frame(rule_, regexes_, baselines, event);
  use(frame.Eval(expr));
}

bool Interpreter::Holds(const checked::Expr& condition, const AggregateSource& aggregates,
                        const BaselineSource* baselines) const {
  simdjson::dom::element none;
  Frame frame(rule_, regexes_, baselines, none, &aggregates);
  return frame.Condition(condition);
}

std::optional<Scalar> Interpreter::EvaluateConstant(const checked::Expr& expr) const {
  simdjson::dom::element none;
  Frame frame(rule_, regexes_, nullptr, none);
  if (expr.type == checked::Type::kCondition) return Scalar::Bool(frame.Condition(expr));
  const Value v = frame.Eval(expr);
  switch (v.kind()) {
    case Value::Kind::kNull: return Scalar::Null();
    case Value::Kind::kBool: return Scalar::Bool(v.boolean());
    case Value::Kind::kNumber: return Scalar::Num(v.number());
    case Value::Kind::kString: return Scalar::Str(std::string(v.string()));
    default: return std::nullopt;
  }
}

}  // namespace alert::interp
