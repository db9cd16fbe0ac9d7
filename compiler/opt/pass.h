#pragma once

// The optimizer: passes over a checked rule, one file each, run in order by
// a pipeline. Every pass keeps the rule's meaning exactly: it decides every
// event as the unoptimized rule does (the differential tests prove it against
// the reference interpreter). Rules never have side effects and evaluation
// never fails, which is what lets passes drop and reorder operands.

#include <memory>
#include <string_view>
#include <vector>

#include "compiler/checked/checked.h"

namespace alert::opt {

class Pass {
 public:
  virtual ~Pass() = default;
  virtual std::string_view name() const = 0;
  // Rewrites `rule` in place.
  virtual void Run(checked::Rule& rule) const = 0;
};

std::unique_ptr<Pass> MakeFoldConstants();
std::unique_ptr<Pass> MakeSimplifyBooleans();
std::unique_ptr<Pass> MakeRemoveDeadBranches();
std::unique_ptr<Pass> MakeOrderByCost();
std::unique_ptr<Pass> MakePrunePaths();

// The passes Optimize runs, in order.
std::vector<std::unique_ptr<Pass>> DefaultPipeline();

// Runs the default pipeline over `rule` and returns it.
checked::Rule Optimize(checked::Rule rule);

// The estimated cost of evaluating `e` for one event, in rough units of a
// slot comparison: constants are free, equality tests cheap, regexes and
// non-singular paths dear. Used to order && and || operands.
int EstimateCost(const checked::Rule& rule, const checked::Expr& e);

}  // namespace alert::opt
