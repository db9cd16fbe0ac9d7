#include "compiler/codegen/exported_functions.h"

#include <cstring>

#include <re2/re2.h>

#include "runtime/regex/regex.h"

extern "C" {

uint8_t alert_rt_condition(const alert::codegen::EvalContext* ctx, const alert::codegen::Fallback* fallback) noexcept {
  const alert::interp::BaselineValues baselines(ctx->baselines);
  return fallback->interpreter->EvaluateCondition(*fallback->expr, ctx->event, &baselines) ? 1 : 0;
}

uint8_t alert_rt_compare(const alert::Value* slot, const alert::Value* constant, int32_t op) noexcept {
  using alert::codegen::CompareOp;
  switch (static_cast<CompareOp>(op)) {
    case CompareOp::kEq: return Equal(*slot, *constant);
    case CompareOp::kLt: return Less(*slot, *constant);
    case CompareOp::kLe: return Less(*slot, *constant) || Equal(*slot, *constant);
    case CompareOp::kGt: return Less(*constant, *slot);
    case CompareOp::kGe: return Less(*constant, *slot) || Equal(*slot, *constant);
  }
  return 0;
}

uint8_t alert_rt_regex_search(const void* re2, const char* data, int64_t size) noexcept {
  return alert::regex::Matches(*static_cast<const re2::RE2*>(re2), std::string_view(data, static_cast<size_t>(size)),
                               /*full_match=*/false);
}

int32_t alert_rt_memcmp(const void* a, const void* b, int64_t size) noexcept {
  return std::memcmp(a, b, static_cast<size_t>(size));
}

int8_t alert_rt_is_empty(const alert::Value* slot) noexcept { return slot->IsEmpty(); }

}  // extern "C"

namespace alert::codegen {

void ForEachExportedFunction(void (*visit)(const char* name, void* address, void* arg), void* arg) {
#define ALERT_EXPORTED(name, ret, params) visit(#name, reinterpret_cast<void*>(&name), arg);
#include "compiler/codegen/exported_functions.def"
#undef ALERT_EXPORTED
}

}  // namespace alert::codegen
