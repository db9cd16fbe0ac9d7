#pragma once

// Code generation: a batch of checked rules to one LLVM module holding one
// function per rule,
//   uint8_t NAME_r<i>(const EvalContext* ctx, const Value* slots, uint8_t* shared)
// published in the table `NAME_rules`, and one batch function,
//   void NAME(const EvalContext* ctx, uint8_t* matched)
// that sets matched[i] to whether rule i's `when` holds. Tests of a singular
// path against a constant (==, !=, <, <=, >, >=, =~, exists) are compiled to
// native code over the slots; the rest of a rule is handed to the reference
// interpreter through the exported functions, so both decide alike by
// construction. Each distinct singular path of the batch is one slot, read
// once per event whatever the number of rules that test it; a test several
// rules make is computed once per event and memoized in `shared` (one byte
// per shared test, zeroed before the event's first rule runs).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/checked/checked.h"
#include "compiler/codegen/exported_functions.h"
#include "compiler/interp/interpreter.h"
#include "runtime/jsonpath/query.h"
#include "runtime/value/value.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace alert::codegen {

// What the generated function needs at run time. Owned by the compiled batch
// for as long as its code lives; the rules must outlive it too.
struct BatchPlan {
  std::vector<jsonpath::Query> slots;  // slot k is filled with the value of slots[k]
  std::vector<std::string> slot_texts;
  // Per rule, per path id: its slot, or -1 (non-singular and relative paths).
  std::vector<std::vector<int64_t>> slot_of_path;
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;  // one per rule
  std::vector<std::unique_ptr<Fallback>> fallbacks;
  std::vector<std::unique_ptr<Value>> constants;  // numbers the runtime compares
  std::vector<std::unique_ptr<std::string>> strings;  // the bytes `constants` point to
  // What EvalContext::data holds, in the order the code indexes it.
  std::vector<const void*> data;
  size_t native_tests = 0;     // tests compiled to native code
  size_t shared_tests = 0;     // of those, computed once per event for several rules
  size_t fallback_tests = 0;   // parts handed to the interpreter
};

// Where the batch reads a singular path: a slot of a table shared with other
// batches (a live rule set). Empty: the batch numbers its own slots.
using SlotAssigner = std::function<uint32_t(const checked::Path& path)>;

// Lowers `rules` (which must outlive the plan) into a module in `context`.
std::unique_ptr<llvm::Module> LowerBatch(llvm::LLVMContext& context, const std::vector<checked::Rule>& rules,
                                         const std::string& function_name, BatchPlan* plan,
                                         const SlotAssigner& slot_of = {});

// The module's IR as text (alertc explain --stage llvm).
std::string PrintModule(const llvm::Module& module);

}  // namespace alert::codegen
