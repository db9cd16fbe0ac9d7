#include "compiler/opt/pass.h"

namespace alert::opt {

std::vector<std::unique_ptr<Pass>> DefaultPipeline() {
  std::vector<std::unique_ptr<Pass>> passes;
  passes.push_back(MakeFoldConstants());
  passes.push_back(MakeSimplifyBooleans());
  passes.push_back(MakeRemoveDeadBranches());
  passes.push_back(MakeOrderByCost());
  passes.push_back(MakePrunePaths());
  return passes;
}

checked::Rule Optimize(checked::Rule rule) {
  for (const auto& pass : DefaultPipeline()) pass->Run(rule);
  return rule;
}

}  // namespace alert::opt
