// Dead-branch removal over && and || (n-ary): an operand of the same
// operator is spliced in (`a && (b && c)` is `a && b && c`), a constant
// either decides the whole (`x && false` is false) or drops out (`true && x`
// is x), and an operand repeated (`a && a`) is evaluated once. Evaluation has
// no side effects and never fails, so dropping an operand never changes a
// verdict.

#include <unordered_map>

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

bool IsBool(const checked::Expr& e, bool value) {
  return e.op == Op::kConst && e.value.kind == Scalar::Kind::kBool && e.value.boolean == value;
}

// The operands of e, with operands of the same operator spliced in.
std::vector<checked::ExprPtr> Spliced(checked::Expr& e) {
  std::vector<checked::ExprPtr> out;
  for (auto& a : e.args) {
    if (a->op == e.op) {
      for (auto& inner : a->args) out.push_back(std::move(inner));
    } else {
      out.push_back(std::move(a));
    }
  }
  return out;
}

void Remove(checked::ExprPtr& e) {
  for (auto& a : e->args) Remove(a);
  if (e->op != Op::kAnd && e->op != Op::kOr) return;
  const bool absorbing = e->op == Op::kOr;  // true absorbs ||, false absorbs &&
  std::vector<checked::ExprPtr> operands = Spliced(*e);
  std::vector<checked::ExprPtr> kept;
  checked::ExprPtr neutral;  // a dropped neutral constant, for an empty result
  std::unordered_multimap<size_t, const checked::Expr*> seen;
  for (auto& a : operands) {
    if (IsBool(*a, absorbing)) {
      e = std::move(a);
      return;
    }
    if (IsBool(*a, !absorbing)) {
      neutral = std::move(a);
      continue;
    }
    const size_t hash = checked::Hash(*a);
    const auto [begin, end] = seen.equal_range(hash);
    bool repeated = false;
    for (auto it = begin; it != end && !repeated; ++it) repeated = checked::Same(*it->second, *a);
    if (repeated) continue;
    seen.emplace(hash, a.get());
    kept.push_back(std::move(a));
  }
  if (kept.empty()) {
    e = std::move(neutral);
  } else if (kept.size() == 1) {
    checked::ExprPtr x = std::move(kept[0]);
    e = std::move(x);
  } else {
    e->args = std::move(kept);
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
