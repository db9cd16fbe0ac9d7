// Constant folding: every subexpression that reads no path, aggregate or
// baseline is evaluated once, by the reference interpreter itself (so folding
// can never disagree with it), and replaced by its value.

#include "compiler/interp/interpreter.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

bool ReadsEvent(Op op) {
  return op == Op::kPath || op == Op::kExists || op == Op::kEvery || op == Op::kAny || op == Op::kAggregate ||
         op == Op::kBaseline;
}

// Folds below `e` and then `e` itself; returns whether `e` is closed (reads
// nothing of the event).
bool Fold(checked::ExprPtr& e, const interp::Interpreter& interpreter) {
  bool closed = !ReadsEvent(e->op);
  for (auto& a : e->args) closed &= Fold(a, interpreter);
  if (!closed || e->op == Op::kConst || e->op == Op::kArray) return closed;
  if (auto value = interpreter.EvaluateConstant(*e)) {
    auto folded = std::make_unique<checked::Expr>();
    folded->op = Op::kConst;
    folded->span = e->span;
    folded->value = std::move(*value);
    switch (folded->value.kind) {
      case Scalar::Kind::kNull: folded->type = checked::Type::kNull; break;
      case Scalar::Kind::kBool: folded->type = checked::Type::kBool; break;
      case Scalar::Kind::kNumber: folded->type = checked::Type::kNumber; break;
      case Scalar::Kind::kString: folded->type = checked::Type::kString; break;
    }
    e = std::move(folded);
  }
  return closed;
}

class FoldConstants : public Pass {
 public:
  std::string_view name() const override { return "fold-constants"; }
  void Run(checked::Rule& rule) const override {
    const interp::Interpreter interpreter(rule);
    if (rule.when) Fold(rule.when, interpreter);
    if (rule.fire && rule.fire->condition) Fold(rule.fire->condition, interpreter);
    if (rule.clear) Fold(rule.clear, interpreter);
    for (auto& a : rule.aggregates) {
      if (a.arg) Fold(a.arg, interpreter);
    }
  }
};

}  // namespace

std::unique_ptr<Pass> MakeFoldConstants() { return std::make_unique<FoldConstants>(); }

}  // namespace alert::opt
