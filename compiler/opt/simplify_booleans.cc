// Boolean simplification: `!!x` is x, `!true` is false, and a negated test
// becomes its negated form (`!(a == b)` is `a != b`; LANGUAGE.md defines the
// negated forms as exact negations). `!(a < b)` stays: it is not `a >= b`
// when either side is not a number or string.

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

std::optional<Op> Negated(Op op) {
  switch (op) {
    case Op::kEq: return Op::kNe;
    case Op::kNe: return Op::kEq;
    case Op::kMatch: return Op::kNotMatch;
    case Op::kNotMatch: return Op::kMatch;
    case Op::kIn: return Op::kNotIn;
    case Op::kNotIn: return Op::kIn;
    case Op::kContains: return Op::kNotContains;
    case Op::kNotContains: return Op::kContains;
    case Op::kStartsWith: return Op::kNotStartsWith;
    case Op::kNotStartsWith: return Op::kStartsWith;
    case Op::kEndsWith: return Op::kNotEndsWith;
    case Op::kNotEndsWith: return Op::kEndsWith;
    case Op::kIsNull: return Op::kIsNotNull;
    case Op::kIsNotNull: return Op::kIsNull;
    case Op::kIsEmpty: return Op::kIsNotEmpty;
    case Op::kIsNotEmpty: return Op::kIsEmpty;
    default: return std::nullopt;
  }
}

void Simplify(checked::ExprPtr& e) {
  for (auto& a : e->args) Simplify(a);
  if (e->op != Op::kNot) return;
  checked::ExprPtr& inner = e->args[0];
  if (inner->op == Op::kNot) {
    checked::ExprPtr x = std::move(inner->args[0]);
    e = std::move(x);
  } else if (inner->op == Op::kConst && inner->value.kind == Scalar::Kind::kBool) {
    inner->value.boolean = !inner->value.boolean;
    checked::ExprPtr x = std::move(inner);
    e = std::move(x);
  } else if (auto negated = Negated(inner->op)) {
    inner->op = *negated;
    checked::ExprPtr x = std::move(inner);
    e = std::move(x);
  }
}

class SimplifyBooleans : public Pass {
 public:
  std::string_view name() const override { return "simplify-booleans"; }
  void Run(checked::Rule& rule) const override { checked::ForEachRoot(rule, Simplify); }
};

}  // namespace

std::unique_ptr<Pass> MakeSimplifyBooleans() { return std::make_unique<SimplifyBooleans>(); }

}  // namespace alert::opt
