#pragma once

// The IR emitter of one batch. Internal to compiler/codegen.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/codegen/llvm_includes.h"
#include "compiler/codegen/lower.h"

namespace alert::codegen {

class Emitter {
 public:
  Emitter(llvm::Module& module, BatchPlan* plan);

  // Declares the exported functions (exported_functions.def).
  void DeclareRuntime();
  llvm::Function* BeginBatchFunction(const std::string& name);
  // Counts the rule's native tests, so that a test that several rules of the
  // batch make is computed once per event (common subexpressions across rules).
  void CountTests(const checked::Rule& rule, const interp::Interpreter& interpreter,
                  const std::vector<int64_t>& slot_of_path);
  // Numbers the tests that more than one rule makes, and gives the batch
  // function their memo array, cleared for each event.
  void EmitSharedTests();
  // Emits matched[i] = when(rule) for the next rule i.
  void EmitRule(const checked::Rule& rule, const interp::Interpreter& interpreter,
                const std::vector<int64_t>& slot_of_path);
  // Ends the batch function and publishes the rule functions as the table
  // `<batch name>_rules` (one `i8 (ctx, slots, shared)` per rule).
  void EndBatchFunction();

 private:
  // emit_condition.cc
  llvm::Value* Condition(const checked::Expr& e);
  llvm::Value* ShortCircuit(const checked::Expr& e);
  llvm::Value* Fallback(const checked::Expr& e);
  llvm::Value* SharedTestResult(const checked::Expr& e, int index);
  // emit_compare.cc
  llvm::Value* TryNativeCompare(const checked::Expr& e);
  // A key naming a test TryNativeCompare compiles (the same for the same test
  // in any rule of the batch), or nullopt for other shapes.
  std::optional<std::string> NativeKey(const checked::Expr& e) const;
  void CountIn(const checked::Expr& e);
  // slot == c, for any JSON scalar c.
  llvm::Value* EqualsConstant(llvm::Value* slot, const Scalar& c);
  llvm::Value* CompareString(llvm::Value* slot, checked::Op op, const std::string& constant);
  llvm::Value* CompareNumber(llvm::Value* slot, checked::Op op, const Number& constant);
  llvm::Value* Regex(llvm::Value* slot, const checked::Expr& e);

  // Slot access.
  llvm::Value* SlotAddress(uint32_t path);
  llvm::Value* BaselineAddress(uint32_t baseline);  // ctx->baselines[baseline]
  llvm::Value* LoadField(llvm::Value* slot, size_t offset, llvm::Type* type);
  llvm::Value* KindIs(llvm::Value* slot, Value::Kind kind);
  // `if (guard) then() else false` as an i1, with `then` emitted in its own block.
  template <typename Then>
  llvm::Value* AndThen(llvm::Value* guard, Then then);
  // `p`, read at run time from EvalContext::data (never an address in the code).
  llvm::Value* DataPointer(const void* p);

  llvm::Module& module_;
  llvm::LLVMContext& context_;
  llvm::IRBuilder<> b_;
  BatchPlan* plan_;
  const Value::Layout layout_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* out_ = nullptr;
  llvm::Value* slots_ = nullptr;
  size_t rule_index_ = 0;
  std::vector<llvm::Constant*> rule_functions_;
  // The rule being emitted.
  const checked::Rule* rule_ = nullptr;
  const interp::Interpreter* interpreter_ = nullptr;
  const std::vector<int64_t>* slot_of_path_ = nullptr;

  // Tests shared across rules: where each first occurs, how often, and its
  // index in the batch's array of precomputed tests.
  struct SharedTest {
    const checked::Expr* expr;
    const interp::Interpreter* interpreter;
    const std::vector<int64_t>* slot_of_path;
    int uses = 0;
    int index = -1;
  };
  std::map<std::string, SharedTest> tests_;
  llvm::Value* shared_ = nullptr;  // i8 memo array of shared tests (batch or rule function argument)
};

template <typename Then>
llvm::Value* Emitter::AndThen(llvm::Value* guard, Then then) {
  llvm::BasicBlock* from = b_.GetInsertBlock();
  llvm::BasicBlock* body = llvm::BasicBlock::Create(context_, "then", fn_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(context_, "done", fn_);
  b_.CreateCondBr(guard, body, done);
  b_.SetInsertPoint(body);
  llvm::Value* value = then();
  llvm::BasicBlock* body_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getFalse(), from);
  phi->addIncoming(value, body_end);
  return phi;
}

}  // namespace alert::codegen
