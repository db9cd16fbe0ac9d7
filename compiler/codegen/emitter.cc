#include "compiler/codegen/emitter.h"

#include <cstddef>

namespace alert::codegen {

Emitter::Emitter(llvm::Module& module, BatchPlan* plan)
    : module_(module), context_(module.getContext()), b_(module.getContext()), plan_(plan),
      layout_(Value::GetLayout()) {}

void Emitter::DeclareRuntime() {
  auto type = [&](const char* t) -> llvm::Type* {
    const std::string_view s(t);
    if (s == "i8") return b_.getInt8Ty();
    if (s == "i32") return b_.getInt32Ty();
    if (s == "i64") return b_.getInt64Ty();
    return b_.getPtrTy();
  };
#define i8 "i8"
#define i32 "i32"
#define i64 "i64"
#define ptr "ptr"
#define ALERT_EXPORTED(name, ret, params)                                                        \
  {                                                                                              \
    const char* ps[] = {params_as_list params};                                                  \
    std::vector<llvm::Type*> args;                                                               \
    for (const char* p : ps) args.push_back(type(p));                                            \
    auto* f = llvm::Function::Create(llvm::FunctionType::get(type(ret), args, false),            \
                                     llvm::Function::ExternalLinkage, #name, module_);           \
    f->addFnAttr(llvm::Attribute::NoUnwind);                                                     \
  }
#define params_as_list(...) __VA_ARGS__
#include "compiler/codegen/exported_functions.def"
#undef ALERT_EXPORTED
#undef params_as_list
#undef i8
#undef i32
#undef i64
#undef ptr
  // What the functions read does not change during one evaluation: let LLVM
  // share identical calls across rules.
  for (const char* name : {"alert_rt_compare", "alert_rt_regex_search", "alert_rt_memcmp", "alert_rt_is_empty"}) {
    module_.getFunction(name)->setOnlyReadsMemory();
    module_.getFunction(name)->setWillReturn();
  }
}

llvm::Function* Emitter::BeginBatchFunction(const std::string& name) {
  auto* type = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy(), b_.getPtrTy()}, false);
  fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  ctx_ = fn_->getArg(0);
  out_ = fn_->getArg(1);
  fn_->addParamAttr(0, llvm::Attribute::NoAlias);
  fn_->addParamAttr(0, llvm::Attribute::ReadOnly);
  fn_->addParamAttr(1, llvm::Attribute::NoAlias);
  b_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", fn_));
  // EvalContext::slots is its first member.
  slots_ = b_.CreateLoad(b_.getPtrTy(), ctx_, "slots");
  return fn_;
}

void Emitter::CountTests(const checked::Rule& rule, const interp::Interpreter& interpreter,
                         const std::vector<int64_t>& slot_of_path) {
  rule_ = &rule;
  interpreter_ = &interpreter;
  slot_of_path_ = &slot_of_path;
  if (rule.when) CountIn(*rule.when);
}

void Emitter::CountIn(const checked::Expr& e) {
  if (e.op == checked::Op::kAnd || e.op == checked::Op::kOr || e.op == checked::Op::kNot) {
    for (const auto& a : e.args) CountIn(*a);
    return;
  }
  // Shared tests run eagerly for every event; regexes stay lazy, behind the
  // cheaper tests the cost order puts before them.
  if (e.op == checked::Op::kMatch || e.op == checked::Op::kNotMatch) return;
  if (auto key = NativeKey(e)) {
    auto [it, added] = tests_.emplace(*key, SharedTest{&e, interpreter_, slot_of_path_});
    ++it->second.uses;
  }
}

void Emitter::EmitSharedTests() {
  int count = 0;
  for (auto& [key, test] : tests_) {
    if (test.uses > 1) test.index = count++;
  }
  plan_->shared_tests = static_cast<size_t>(count);
  shared_ = b_.CreateAlloca(b_.getInt8Ty(), b_.getInt32(std::max(count, 1)), "shared");
  b_.CreateMemSet(shared_, b_.getInt8(0), static_cast<uint64_t>(std::max(count, 1)), llvm::MaybeAlign(1));
}

void Emitter::EmitRule(const checked::Rule& rule, const interp::Interpreter& interpreter,
                       const std::vector<int64_t>& slot_of_path) {
  rule_ = &rule;
  interpreter_ = &interpreter;
  slot_of_path_ = &slot_of_path;
  // Each rule is a function of its own, so that LLVM's pipeline works on
  // small functions (compile time stays linear in the batch); the batch
  // function calls them in turn.
  llvm::Function* batch = fn_;
  llvm::Value* batch_ctx = ctx_;
  llvm::Value* batch_slots = slots_;
  llvm::Value* batch_shared = shared_;
  llvm::BasicBlock* batch_block = b_.GetInsertBlock();
  auto* type = llvm::FunctionType::get(b_.getInt8Ty(), {b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy()}, false);
  fn_ = llvm::Function::Create(type, llvm::Function::InternalLinkage, batch->getName() + "_r" + std::to_string(rule_index_),
                               module_);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  fn_->addFnAttr(llvm::Attribute::NoInline);
  ctx_ = fn_->getArg(0);
  slots_ = fn_->getArg(1);
  shared_ = fn_->getArg(2);
  b_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", fn_));
  llvm::Value* holds = rule.when ? Condition(*rule.when) : b_.getFalse();
  b_.CreateRet(b_.CreateZExt(holds, b_.getInt8Ty()));
  llvm::Function* rule_fn = fn_;
  rule_functions_.push_back(rule_fn);
  fn_ = batch;
  ctx_ = batch_ctx;
  slots_ = batch_slots;
  shared_ = batch_shared;
  b_.SetInsertPoint(batch_block);
  llvm::Value* verdict = b_.CreateCall(rule_fn, {ctx_, slots_, shared_});
  llvm::Value* at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), out_, rule_index_++);
  b_.CreateStore(verdict, at);
}

void Emitter::EndBatchFunction() {
  b_.CreateRetVoid();
  auto* type = llvm::ArrayType::get(b_.getPtrTy(), rule_functions_.size());
  new llvm::GlobalVariable(module_, type, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantArray::get(type, rule_functions_), fn_->getName() + "_rules");
}

llvm::Value* Emitter::SlotAddress(uint32_t path) {
  const int64_t slot = (*slot_of_path_)[path];
  return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), slots_, static_cast<uint64_t>(slot) * layout_.size);
}

llvm::Value* Emitter::BaselineAddress(uint32_t baseline) {
  llvm::Value* values = LoadField(ctx_, offsetof(EvalContext, baselines), b_.getPtrTy());
  return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), values, static_cast<uint64_t>(baseline) * layout_.size);
}

llvm::Value* Emitter::LoadField(llvm::Value* slot, size_t offset, llvm::Type* type) {
  llvm::Value* at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), slot, offset);
  return b_.CreateLoad(type, at);
}

llvm::Value* Emitter::KindIs(llvm::Value* slot, Value::Kind kind) {
  return b_.CreateICmpEQ(LoadField(slot, layout_.kind, b_.getInt8Ty()), b_.getInt8(static_cast<uint8_t>(kind)));
}

llvm::Value* Emitter::DataPointer(const void* p) {
  const uint64_t index = plan_->data.size();
  plan_->data.push_back(p);
  llvm::Value* table = LoadField(ctx_, offsetof(EvalContext, data), b_.getPtrTy());
  return b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), table, index));
}

}  // namespace alert::codegen
