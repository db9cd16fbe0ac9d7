#include "compiler/codegen/lower.h"

#include <map>

#include "compiler/codegen/emitter.h"
#include "compiler/codegen/llvm_includes.h"

namespace alert::codegen {

std::unique_ptr<llvm::Module> LowerBatch(llvm::LLVMContext& context, const std::vector<checked::Rule>& rules,
                                         const std::string& function_name, BatchPlan* plan,
                                         const SlotAssigner& slot_of) {
  auto module = std::make_unique<llvm::Module>("alert_batch", context);
  Emitter emitter(*module, plan);
  emitter.DeclareRuntime();
  llvm::Function* fn = emitter.BeginBatchFunction(function_name);

  std::map<std::string, uint32_t> slot_of_text;
  std::vector<std::vector<int64_t>>& slots_of_rules = plan->slot_of_path;
  for (const checked::Rule& rule : rules) {
    plan->interpreters.push_back(std::make_unique<interp::Interpreter>(rule));
    // The rule's singular paths, mapped to the batch's slots.
    std::vector<int64_t> slot_of_path(rule.paths.size(), -1);
    for (size_t p = 0; p < rule.paths.size(); ++p) {
      const checked::Path& path = rule.paths[p];
      if (!path.singular || path.relative) continue;
      if (slot_of) {
        slot_of_path[p] = slot_of(path);
        continue;
      }
      auto [it, added] = slot_of_text.emplace(path.text, static_cast<uint32_t>(plan->slots.size()));
      if (added) {
        plan->slots.push_back(path.query);
        plan->slot_texts.push_back(path.text);
      }
      slot_of_path[p] = it->second;
    }
    slots_of_rules.push_back(std::move(slot_of_path));
  }
  for (size_t i = 0; i < rules.size(); ++i) emitter.CountTests(rules[i], *plan->interpreters[i], slots_of_rules[i]);
  emitter.EmitSharedTests();
  for (size_t i = 0; i < rules.size(); ++i) emitter.EmitRule(rules[i], *plan->interpreters[i], slots_of_rules[i]);
  emitter.EndBatchFunction();
  (void)fn;
  return module;
}

std::string PrintModule(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream out(text);
  module.print(out, nullptr);
  return out.str();
}

}  // namespace alert::codegen
