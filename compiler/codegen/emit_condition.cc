// Conditions: &&, ||, ! and constants in control flow; tests compiled
// natively where emit_compare.cc can, handed to the interpreter otherwise.

#include "compiler/codegen/emitter.h"

namespace alert::codegen {

using checked::Op;

llvm::Value* Emitter::Condition(const checked::Expr& e) {
  switch (e.op) {
    case Op::kConst: return b_.getInt1(e.value.kind == Scalar::Kind::kBool && e.value.boolean);
    case Op::kNot: return b_.CreateNot(Condition(*e.args[0]));
    case Op::kAnd:
    case Op::kOr: return ShortCircuit(e);
    default: break;
  }
  if (auto key = NativeKey(e)) {
    const auto it = tests_.find(*key);
    if (it != tests_.end() && it->second.index >= 0) {
      ++plan_->native_tests;
      return SharedTestResult(e, it->second.index);
    }
  }
  if (llvm::Value* native = TryNativeCompare(e)) {
    ++plan_->native_tests;
    return native;
  }
  return Fallback(e);
}

// A test several rules of the batch make, memoized per event in the shared
// array: 0 not computed yet, 1 false, 2 true. Whichever rule runs first
// computes it, so that rules evaluated on their own (the candidates of the
// rule index) share it as well as the whole batch does.
llvm::Value* Emitter::SharedTestResult(const checked::Expr& e, int index) {
  llvm::Value* at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), shared_, static_cast<uint64_t>(index));
  llvm::Value* memo = b_.CreateLoad(b_.getInt8Ty(), at);
  llvm::Value* memo_true = b_.CreateICmpEQ(memo, b_.getInt8(2));
  llvm::BasicBlock* from = b_.GetInsertBlock();
  llvm::BasicBlock* compute = llvm::BasicBlock::Create(context_, "shared.compute", fn_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(context_, "shared.done", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(memo, b_.getInt8(0)), compute, done);
  b_.SetInsertPoint(compute);
  llvm::Value* holds = TryNativeCompare(e);
  b_.CreateStore(b_.CreateSelect(holds, b_.getInt8(2), b_.getInt8(1)), at);
  llvm::BasicBlock* compute_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(memo_true, from);
  phi->addIncoming(holds, compute_end);
  return phi;
}

// a && b && c: each operand runs only while all before it held; for ||,
// only while none did. One join block takes the first deciding operand.
llvm::Value* Emitter::ShortCircuit(const checked::Expr& e) {
  const bool is_and = e.op == Op::kAnd;
  llvm::BasicBlock* done = llvm::BasicBlock::Create(context_, "join", fn_);
  std::vector<llvm::BasicBlock*> decided;  // blocks that jump to `done` early
  for (size_t i = 0; i + 1 < e.args.size(); ++i) {
    llvm::Value* holds = Condition(*e.args[i]);
    decided.push_back(b_.GetInsertBlock());
    llvm::BasicBlock* next = llvm::BasicBlock::Create(context_, is_and ? "and" : "or", fn_);
    if (is_and) {
      b_.CreateCondBr(holds, next, done);
    } else {
      b_.CreateCondBr(holds, done, next);
    }
    b_.SetInsertPoint(next);
  }
  llvm::Value* last = Condition(*e.args.back());
  llvm::BasicBlock* last_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), static_cast<unsigned>(decided.size() + 1));
  for (llvm::BasicBlock* block : decided) phi->addIncoming(b_.getInt1(!is_and), block);
  phi->addIncoming(last, last_end);
  return phi;
}

llvm::Value* Emitter::Fallback(const checked::Expr& e) {
  ++plan_->fallback_tests;
  plan_->fallbacks.push_back(std::make_unique<codegen::Fallback>(codegen::Fallback{interpreter_, &e}));
  llvm::Value* result = b_.CreateCall(module_.getFunction("alert_rt_condition"),
                                      {ctx_, DataPointer(plan_->fallbacks.back().get())});
  return b_.CreateICmpNE(result, b_.getInt8(0));
}

}  // namespace alert::codegen
