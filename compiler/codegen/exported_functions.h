#pragma once

// The runtime functions compiled code calls (exported_functions.def), and
// what they need. Each is noexcept: no exception crosses a JIT frame.

#include <cstddef>
#include <cstdint>

#include "compiler/checked/checked.h"
#include "compiler/interp/interpreter.h"
#include "compiler/codegen/eval_context.h"

namespace alert::codegen {

// A part of a rule that compiled code hands to the reference interpreter.
struct Fallback {
  const interp::Interpreter* interpreter;
  const checked::Expr* expr;
};

// The comparison alert_rt_compare performs (`slot OP constant`).
enum class CompareOp : int32_t { kEq = 0, kLt = 1, kLe = 2, kGt = 3, kGe = 4 };

// Calls `visit(name, address)` for every exported function.
void ForEachExportedFunction(void (*visit)(const char* name, void* address, void* arg), void* arg);

}  // namespace alert::codegen

extern "C" {
uint8_t alert_rt_condition(const alert::codegen::EvalContext* ctx, const alert::codegen::Fallback* fallback) noexcept;
uint8_t alert_rt_compare(const alert::Value* slot, const alert::Value* constant, int32_t op) noexcept;
uint8_t alert_rt_regex_search(const void* re2, const char* data, int64_t size) noexcept;
int32_t alert_rt_memcmp(const void* a, const void* b, int64_t size) noexcept;
}
