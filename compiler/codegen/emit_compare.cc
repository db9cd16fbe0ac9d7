// Native tests of a singular path's slot against a constant. Each returns
// nullptr when the test has another shape, for the caller to hand it to the
// interpreter instead.

#include "compiler/codegen/emitter.h"

namespace alert::codegen {

using checked::Op;

namespace {

// `const OP path` as `path OP' const`.
Op Mirror(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

bool IsNullOrEmpty(Op op) {
  return op == Op::kIsNull || op == Op::kIsNotNull || op == Op::kIsEmpty || op == Op::kIsNotEmpty;
}

bool IsOrdering(Op op) { return op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe; }

}  // namespace

std::optional<std::string> Emitter::NativeKey(const checked::Expr& e) const {
  auto slot = [&](const checked::Expr& x) -> int64_t {
    return x.op == Op::kPath && x.type == checked::Type::kAny ? (*slot_of_path_)[x.index] : -1;
  };
  const std::string op = std::to_string(static_cast<int>(e.op));
  if (e.op == Op::kExists) {
    const int64_t s = (*slot_of_path_)[e.index];
    return s >= 0 ? std::optional<std::string>("exists|" + std::to_string(s)) : std::nullopt;
  }
  if ((e.op == Op::kMatch || e.op == Op::kNotMatch) && slot(*e.args[0]) >= 0) {
    return op + "|" + std::to_string(slot(*e.args[0])) + "|" + rule_->regexes[e.index].re2;
  }
  if (IsNullOrEmpty(e.op) && slot(*e.args[0]) >= 0) return op + "|" + std::to_string(slot(*e.args[0]));
  if ((e.op != Op::kEq && e.op != Op::kNe && !IsOrdering(e.op)) || e.args.size() != 2) return std::nullopt;
  const bool left = slot(*e.args[0]) >= 0;
  const checked::Expr& path = left ? *e.args[0] : *e.args[1];
  const checked::Expr& constant = left ? *e.args[1] : *e.args[0];
  if (slot(path) < 0 || constant.op != Op::kConst) return std::nullopt;
  const Scalar& c = constant.value;
  const bool ordering = IsOrdering(e.op);
  if ((c.kind == Scalar::Kind::kString || c.kind == Scalar::Kind::kBool || c.kind == Scalar::Kind::kNull) && ordering) {
    return std::nullopt;
  }
  const Op effective = left ? e.op : Mirror(e.op);
  return std::to_string(static_cast<int>(effective)) + "|" + std::to_string(slot(path)) + "|" +
         std::to_string(static_cast<int>(c.kind)) + "|" +
         (c.kind == Scalar::Kind::kNumber ? std::to_string(static_cast<int>(c.number.kind())) + c.number.ToString()
                                          : c.ToJson());
}

llvm::Value* Emitter::TryNativeCompare(const checked::Expr& e) {
  auto singular_slot = [&](const checked::Expr& x) -> bool {
    return x.op == Op::kPath && x.type == checked::Type::kAny && (*slot_of_path_)[x.index] >= 0;
  };
  if (e.op == Op::kExists) {
    if ((*slot_of_path_)[e.index] < 0) return nullptr;
    return b_.CreateNot(KindIs(SlotAddress(e.index), Value::Kind::kNothing));
  }
  if ((e.op == Op::kMatch || e.op == Op::kNotMatch) && singular_slot(*e.args[0])) {
    llvm::Value* found = Regex(SlotAddress(e.args[0]->index), e);
    return e.op == Op::kMatch ? found : b_.CreateNot(found);
  }
  if (IsNullOrEmpty(e.op) && singular_slot(*e.args[0])) {
    // One value or nothing: `is null` is its kind; `is empty` holds for
    // nothing, null and "", and asks the runtime about arrays and objects.
    llvm::Value* slot = SlotAddress(e.args[0]->index);
    llvm::Value* holds = nullptr;
    if (e.op == Op::kIsNull || e.op == Op::kIsNotNull) {
      holds = KindIs(slot, Value::Kind::kNull);
    } else {
      llvm::Value* kind = LoadField(slot, layout_.kind, b_.getInt8Ty());
      llvm::Value* nothing_or_null =
          b_.CreateICmpULE(kind, b_.getInt8(static_cast<uint8_t>(Value::Kind::kNull)));
      static_assert(static_cast<int>(Value::Kind::kNothing) == 0 && static_cast<int>(Value::Kind::kNull) == 1);
      llvm::Value* is_string = b_.CreateICmpEQ(kind, b_.getInt8(static_cast<uint8_t>(Value::Kind::kString)));
      llvm::Value* empty_string = b_.CreateAnd(
          is_string, b_.CreateICmpEQ(LoadField(slot, layout_.string_size, b_.getInt64Ty()), b_.getInt64(0)));
      llvm::Value* container = b_.CreateICmpUGE(kind, b_.getInt8(static_cast<uint8_t>(Value::Kind::kArray)));
      llvm::Value* empty_container = AndThen(container, [&] {
        return b_.CreateICmpNE(b_.CreateCall(module_.getFunction("alert_rt_is_empty"), {slot}), b_.getInt8(0));
      });
      holds = b_.CreateOr(b_.CreateOr(nothing_or_null, empty_string), empty_container);
    }
    return e.op == Op::kIsNull || e.op == Op::kIsEmpty ? holds : b_.CreateNot(holds);
  }
  if ((e.op == Op::kIn || e.op == Op::kNotIn) && singular_slot(*e.args[0]) && e.args[1]->op == Op::kArray) {
    // `P in [c1, c2, ...]` with constants: P == c1 || P == c2 || ...
    for (const auto& element : e.args[1]->args) {
      if (element->op != Op::kConst) return nullptr;
    }
    llvm::Value* slot = SlotAddress(e.args[0]->index);
    llvm::Value* any = b_.getFalse();
    for (const auto& element : e.args[1]->args) {
      llvm::Value* equal = EqualsConstant(slot, element->value);
      any = b_.CreateOr(any, equal);
    }
    return e.op == Op::kIn ? any : b_.CreateNot(any);
  }
  if (e.op != Op::kEq && e.op != Op::kNe && !IsOrdering(e.op)) return nullptr;
  if (e.args.size() != 2) return nullptr;
  // A singular path's slot, or a baseline's value, against a constant.
  auto operand = [&](const checked::Expr& x) { return singular_slot(x) || x.op == Op::kBaseline; };
  const checked::Expr* path = e.args[0].get();
  const checked::Expr* constant = e.args[1].get();
  Op op = e.op;
  if (!operand(*path)) {
    std::swap(path, constant);
    op = Mirror(op);
  }
  if (!operand(*path) || constant->op != Op::kConst) return nullptr;
  llvm::Value* slot = path->op == Op::kBaseline ? BaselineAddress(path->index) : SlotAddress(path->index);
  const Scalar& c = constant->value;
  // != is the exact negation of ==.
  const Op positive = op == Op::kNe ? Op::kEq : op;
  llvm::Value* holds = nullptr;
  switch (c.kind) {
    case Scalar::Kind::kString: holds = CompareString(slot, positive, c.string); break;
    case Scalar::Kind::kNumber: holds = CompareNumber(slot, positive, c.number); break;
    case Scalar::Kind::kBool:
      if (IsOrdering(positive)) return nullptr;
      holds = AndThen(KindIs(slot, Value::Kind::kBool), [&] {
        return b_.CreateICmpEQ(LoadField(slot, layout_.boolean, b_.getInt8Ty()), b_.getInt8(c.boolean ? 1 : 0));
      });
      break;
    case Scalar::Kind::kNull:
      if (IsOrdering(positive)) return nullptr;
      holds = KindIs(slot, Value::Kind::kNull);
      break;
  }
  if (holds == nullptr) return nullptr;
  return op == Op::kNe ? b_.CreateNot(holds) : holds;
}

llvm::Value* Emitter::EqualsConstant(llvm::Value* slot, const Scalar& c) {
  switch (c.kind) {
    case Scalar::Kind::kString: return CompareString(slot, Op::kEq, c.string);
    case Scalar::Kind::kNumber: return CompareNumber(slot, Op::kEq, c.number);
    case Scalar::Kind::kBool:
      return AndThen(KindIs(slot, Value::Kind::kBool), [&] {
        return b_.CreateICmpEQ(LoadField(slot, layout_.boolean, b_.getInt8Ty()), b_.getInt8(c.boolean ? 1 : 0));
      });
    case Scalar::Kind::kNull: return KindIs(slot, Value::Kind::kNull);
  }
  return b_.getFalse();
}

llvm::Value* Emitter::CompareString(llvm::Value* slot, Op op, const std::string& constant) {
  if (op != Op::kEq) return nullptr;  // string ordering: the interpreter
  const uint64_t n = constant.size();
  llvm::Value* same_size = b_.CreateAnd(KindIs(slot, Value::Kind::kString),
                                        b_.CreateICmpEQ(LoadField(slot, layout_.string_size, b_.getInt64Ty()),
                                                        b_.getInt64(n)));
  if (n == 0) return same_size;
  llvm::Constant* bytes = b_.CreateGlobalStringPtr(constant, "str", 0, &module_);
  return AndThen(same_size, [&] {
    llvm::Value* data = LoadField(slot, layout_.string_data, b_.getPtrTy());
    llvm::Value* diff = b_.CreateCall(module_.getFunction("alert_rt_memcmp"), {data, bytes, b_.getInt64(n)});
    return b_.CreateICmpEQ(diff, b_.getInt32(0));
  });
}

// A number slot against a number constant: native when both are int64 (or
// both doubles); the exact mixed comparison of the runtime otherwise.
llvm::Value* Emitter::CompareNumber(llvm::Value* slot, Op op, const Number& constant) {
  plan_->constants.push_back(std::make_unique<Value>(Value::Num(constant)));
  const Value* boxed = plan_->constants.back().get();
  const auto native_kind = static_cast<uint8_t>(constant.kind());
  return AndThen(KindIs(slot, Value::Kind::kNumber), [&]() -> llvm::Value* {
    llvm::Value* same_kind =
        b_.CreateICmpEQ(LoadField(slot, layout_.number_kind, b_.getInt8Ty()), b_.getInt8(native_kind));
    llvm::BasicBlock* native = llvm::BasicBlock::Create(context_, "native", fn_);
    llvm::BasicBlock* runtime = llvm::BasicBlock::Create(context_, "runtime", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(context_, "compared", fn_);
    b_.CreateCondBr(same_kind, native, runtime);

    b_.SetInsertPoint(native);
    llvm::Value* fast = nullptr;
    if (constant.kind() == Number::Kind::kDouble) {
      llvm::Value* x = LoadField(slot, layout_.double_value, b_.getDoubleTy());
      llvm::Value* y = llvm::ConstantFP::get(b_.getDoubleTy(), constant.double_value());
      switch (op) {
        case Op::kEq: fast = b_.CreateFCmpOEQ(x, y); break;
        case Op::kLt: fast = b_.CreateFCmpOLT(x, y); break;
        case Op::kLe: fast = b_.CreateFCmpOLE(x, y); break;
        case Op::kGt: fast = b_.CreateFCmpOGT(x, y); break;
        default: fast = b_.CreateFCmpOGE(x, y); break;
      }
    } else {
      // int64 or uint64 payloads share the field's bits; compare with their sign.
      const bool is_signed = constant.kind() == Number::Kind::kInt;
      llvm::Value* x = LoadField(slot, is_signed ? layout_.int_value : layout_.uint_value, b_.getInt64Ty());
      llvm::Value* y = b_.getInt64(is_signed ? static_cast<uint64_t>(constant.int_value()) : constant.uint_value());
      switch (op) {
        case Op::kEq: fast = b_.CreateICmpEQ(x, y); break;
        case Op::kLt: fast = is_signed ? b_.CreateICmpSLT(x, y) : b_.CreateICmpULT(x, y); break;
        case Op::kLe: fast = is_signed ? b_.CreateICmpSLE(x, y) : b_.CreateICmpULE(x, y); break;
        case Op::kGt: fast = is_signed ? b_.CreateICmpSGT(x, y) : b_.CreateICmpUGT(x, y); break;
        default: fast = is_signed ? b_.CreateICmpSGE(x, y) : b_.CreateICmpUGE(x, y); break;
      }
    }
    llvm::BasicBlock* native_end = b_.GetInsertBlock();
    b_.CreateBr(done);

    b_.SetInsertPoint(runtime);
    const int32_t code = op == Op::kEq ? 0 : op == Op::kLt ? 1 : op == Op::kLe ? 2 : op == Op::kGt ? 3 : 4;
    llvm::Value* slow = b_.CreateICmpNE(
        b_.CreateCall(module_.getFunction("alert_rt_compare"), {slot, DataPointer(boxed), b_.getInt32(code)}),
        b_.getInt8(0));
    llvm::BasicBlock* runtime_end = b_.GetInsertBlock();
    b_.CreateBr(done);

    b_.SetInsertPoint(done);
    llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
    phi->addIncoming(fast, native_end);
    phi->addIncoming(slow, runtime_end);
    return phi;
  });
}

llvm::Value* Emitter::Regex(llvm::Value* slot, const checked::Expr& e) {
  const void* re = interpreter_->Regex(e.index);
  return AndThen(KindIs(slot, Value::Kind::kString), [&] {
    llvm::Value* data = LoadField(slot, layout_.string_data, b_.getPtrTy());
    llvm::Value* size = LoadField(slot, layout_.string_size, b_.getInt64Ty());
    llvm::Value* found = b_.CreateCall(module_.getFunction("alert_rt_regex_search"), {DataPointer(re), data, size});
    return b_.CreateICmpNE(found, b_.getInt8(0));
  });
}

}  // namespace alert::codegen
