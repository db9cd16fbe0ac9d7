// Ordering of && and || operands by estimated cost, cheapest first, so that
// cheap equality tests short-circuit before regexes and non-singular paths.
// The operands of one (n-ary) chain are stably sorted in place.

#include <algorithm>

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

void Order(checked::Expr& e, const checked::Rule& rule) {
  for (auto& a : e.args) Order(*a, rule);
  if (e.op != Op::kAnd && e.op != Op::kOr) return;
  std::vector<std::pair<int, checked::ExprPtr>> keyed;
  for (auto& a : e.args) {
    const int cost = EstimateCost(rule, *a);
    keyed.emplace_back(cost, std::move(a));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < keyed.size(); ++i) e.args[i] = std::move(keyed[i].second);
}

class OrderByCost : public Pass {
 public:
  std::string_view name() const override { return "order-by-cost"; }
  void Run(checked::Rule& rule) const override {
    checked::ForEachRoot(rule, [&](checked::ExprPtr& root) { Order(*root, rule); });
  }
};

}  // namespace

int EstimateCost(const checked::Rule& rule, const checked::Expr& e) {
  // Saturates: nested quantifiers multiply, and only the order matters.
  constexpr int kMaxCost = 1 << 20;
  int cost = 0;
  for (const auto& a : e.args) cost = std::min(cost + EstimateCost(rule, *a), kMaxCost);
  switch (e.op) {
    case Op::kConst: return 0;
    case Op::kArray: return cost + 1;
    case Op::kPath:
    case Op::kExists: return cost + (rule.paths[e.index].singular ? 1 : 40);
    case Op::kMatch:
    case Op::kNotMatch: return cost + 30;
    case Op::kContains: case Op::kNotContains: case Op::kStartsWith: case Op::kNotStartsWith:
    case Op::kEndsWith: case Op::kNotEndsWith: return cost + 3;
    case Op::kIn: case Op::kNotIn:
      return cost + 2 + 2 * static_cast<int>(std::min<size_t>(e.args[1]->args.size(), kMaxCost));
    case Op::kCall:
      switch (e.function) {
        case checked::Function::kMatch:
        case checked::Function::kSearch: return cost + 30;
        case checked::Function::kLower:
        case checked::Function::kUpper: return cost + 5;
        default: return cost + 2;
      }
    case Op::kEvery:
    case Op::kAny: return std::min(20 + 5 * cost, kMaxCost);
    case Op::kBaseline: return cost + 3;
    case Op::kAggregate: return cost + 1;
    default: return cost + 1;
  }
}

std::unique_ptr<Pass> MakeOrderByCost() { return std::make_unique<OrderByCost>(); }

}  // namespace alert::opt
