// Dead-branch removal: an && or || operand that is a constant either decides
// the whole (`x && false` is false) or drops out (`true && x` is x), and an
// operand repeated (`a && a`) is evaluated once. Evaluation has no side
// effects and never fails, so dropping an operand never changes a verdict.

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

bool IsBool(const checked::Expr& e, bool value) {
  return e.op == Op::kConst && e.value.kind == Scalar::Kind::kBool && e.value.boolean == value;
}

void Remove(checked::ExprPtr& e) {
  for (auto& a : e->args) Remove(a);
  if (e->op != Op::kAnd && e->op != Op::kOr) return;
  const bool absorbing = e->op == Op::kOr;  // true absorbs ||, false absorbs &&
  for (int i = 0; i < 2; ++i) {
    if (IsBool(*e->args[i], absorbing)) {
      checked::ExprPtr x = std::move(e->args[i]);
      e = std::move(x);
      return;
    }
  }
  for (int i = 0; i < 2; ++i) {
    if (IsBool(*e->args[i], !absorbing)) {
      checked::ExprPtr x = std::move(e->args[1 - i]);
      e = std::move(x);
      return;
    }
  }
  if (checked::Same(*e->args[0], *e->args[1])) {
    checked::ExprPtr x = std::move(e->args[0]);
    e = std::move(x);
  }
}

class RemoveDeadBranches : public Pass {
 public:
  std::string_view name() const override { return "remove-dead-branches"; }
  void Run(checked::Rule& rule) const override { checked::ForEachRoot(rule, Remove); }
};

}  // namespace

std::unique_ptr<Pass> MakeRemoveDeadBranches() { return std::make_unique<RemoveDeadBranches>(); }

}  // namespace alert::opt
