// Ordering of && and || operands by estimated cost, cheapest first, so that
// cheap equality tests short-circuit before regexes and non-singular paths.
// A chain `a && b && c` is flattened, stably sorted, and rebuilt.

#include <algorithm>

#include "compiler/checked/walk.h"
#include "compiler/opt/pass.h"

namespace alert::opt {
namespace {

using checked::Op;

void Flatten(checked::ExprPtr e, Op op, std::vector<checked::ExprPtr>* out) {
  if (e->op != op) {
    out->push_back(std::move(e));
    return;
  }
  for (auto& a : e->args) Flatten(std::move(a), op, out);
}

void Order(checked::ExprPtr& e, const checked::Rule& rule) {
  for (auto& a : e->args) Order(a, rule);
  if (e->op != Op::kAnd && e->op != Op::kOr) return;
  const Op op = e->op;
  const diag::Span span = e->span;
  std::vector<checked::ExprPtr> operands;
  Flatten(std::move(e), op, &operands);
  std::vector<std::pair<int, size_t>> keys;
  for (size_t i = 0; i < operands.size(); ++i) keys.emplace_back(EstimateCost(rule, *operands[i]), i);
  std::stable_sort(keys.begin(), keys.end(), [](auto& a, auto& b) { return a.first < b.first; });
  checked::ExprPtr chain = std::move(operands[keys[0].second]);
  for (size_t k = 1; k < keys.size(); ++k) {
    auto node = std::make_unique<checked::Expr>();
    node->op = op;
    node->type = checked::Type::kCondition;
    node->span = span;
    node->args.push_back(std::move(chain));
    node->args.push_back(std::move(operands[keys[k].second]));
    chain = std::move(node);
  }
  e = std::move(chain);
}

class OrderByCost : public Pass {
 public:
  std::string_view name() const override { return "order-by-cost"; }
  void Run(checked::Rule& rule) const override {
    checked::ForEachRoot(rule, [&](checked::ExprPtr& root) { Order(root, rule); });
  }
};

}  // namespace

int EstimateCost(const checked::Rule& rule, const checked::Expr& e) {
  int cost = 0;
  for (const auto& a : e.args) cost += EstimateCost(rule, *a);
  switch (e.op) {
    case Op::kConst: return 0;
    case Op::kArray: return cost + 1;
    case Op::kPath:
    case Op::kExists: return cost + (rule.paths[e.index].singular ? 1 : 40);
    case Op::kMatch:
    case Op::kNotMatch: return cost + 30;
    case Op::kContains: case Op::kNotContains: case Op::kStartsWith: case Op::kNotStartsWith:
    case Op::kEndsWith: case Op::kNotEndsWith: return cost + 3;
    case Op::kIn: case Op::kNotIn: return cost + 2 + 2 * static_cast<int>(e.args[1]->args.size());
    case Op::kCall:
      switch (e.function) {
        case checked::Function::kMatch:
        case checked::Function::kSearch: return cost + 30;
        case checked::Function::kLower:
        case checked::Function::kUpper: return cost + 5;
        default: return cost + 2;
      }
    case Op::kEvery:
    case Op::kAny: return 20 + 5 * cost;
    case Op::kBaseline: return cost + 3;
    case Op::kAggregate: return cost + 1;
    default: return cost + 1;
  }
}

std::unique_ptr<Pass> MakeOrderByCost() { return std::make_unique<OrderByCost>(); }

}  // namespace alert::opt
